import { ReviewQueue, type QueuedReview } from '../../../src/review/review-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReviewQueue: one lane per pull request, newest head wins', () => {
  test('a review queued behind a running one is replaced by a newer one and never starts', async () => {
    const queue = new ReviewQueue();
    const log: string[] = [];
    const gate = deferred();
    const review = (sha: string, wait?: Promise<void>): QueuedReview => ({
      headSha: sha,
      run: async (isCurrent) => {
        log.push(`start ${sha}`);
        await wait;
        log.push(`end ${sha} current=${isCurrent()}`);
      },
      supersede: async () => void log.push(`superseded ${sha}`),
    });
    queue.schedule('pr-1', review('a', gate.promise));
    await tick(); // a is running
    queue.schedule('pr-1', review('b'));
    queue.schedule('pr-1', review('c'));
    gate.resolve();
    await queue.idle();
    expect(log).toEqual(['start a', 'superseded b', 'end a current=false', 'start c', 'end c current=true']);
  });

  test('a review replaced before it got to start is superseded, not run', async () => {
    const queue = new ReviewQueue();
    const log: string[] = [];
    const review = (sha: string): QueuedReview => ({ headSha: sha, run: async () => void log.push(`run ${sha}`), supersede: async () => void log.push(`superseded ${sha}`) });
    queue.schedule('pr-1', review('a'));
    queue.schedule('pr-1', review('b'));
    await queue.idle();
    expect(log).toEqual(['superseded a', 'run b']);
  });

  test('different pull requests run side by side, up to the limit', async () => {
    const queue = new ReviewQueue(2);
    let running = 0;
    let peak = 0;
    const review = (sha: string): QueuedReview => ({
      headSha: sha,
      run: async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
      },
      supersede: async () => undefined,
    });
    for (const pr of ['1', '2', '3', '4']) queue.schedule(pr, review(pr));
    await queue.idle();
    expect(peak).toBe(2);
  });

  test('a failing review is reported and does not stop the lane', async () => {
    const errors: unknown[] = [];
    const queue = new ReviewQueue(2, (error) => errors.push(error));
    const gate = deferred();
    const ran: string[] = [];
    queue.schedule('pr', { headSha: 'a', run: async () => { await gate.promise; throw new Error('boom'); }, supersede: async () => undefined });
    await tick();
    queue.schedule('pr', { headSha: 'b', run: async () => void ran.push('b'), supersede: async () => undefined });
    gate.resolve();
    await queue.idle();
    expect(errors).toEqual([new Error('boom')]);
    expect(ran).toEqual(['b']);
  });
});

describe('ReviewQueue.shutdown', () => {
  test('waiting reviews are completed as not run, the running one finishes, new ones are not started', async () => {
    const queue = new ReviewQueue();
    const log: string[] = [];
    const gate = deferred();
    const review = (sha: string, wait?: Promise<void>): QueuedReview => ({
      headSha: sha,
      run: async () => {
        log.push(`start ${sha}`);
        await wait;
        log.push(`end ${sha}`);
      },
      supersede: async (reason) => void log.push(`${reason ?? 'superseded'} ${sha}`),
    });
    queue.schedule('pr-1', review('a', gate.promise));
    await tick();
    queue.schedule('pr-1', review('b'));
    const stopped = queue.shutdown(1000);
    queue.schedule('pr-2', review('c'));
    gate.resolve();
    await stopped;
    expect(log).toEqual(['start a', 'shutdown b', 'shutdown c', 'end a']);
  });
});
