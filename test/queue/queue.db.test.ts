import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { PgReviewQueue, QUEUE_NAME } from '../../src/queue/pg-review-queue.js';
import { APPLIED, APPLIED_SQL, BASE, MIGRATION, MIGRATION_SQL, fixture, startTestApp, type TestApp } from '../github/helpers/app-harness.js';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';
import { createQueueDatabase, dropSandboxLeftovers, startWorkerProcess, waitFor, type WorkerProcess } from './helpers/queue-cluster.js';

/**
 * The shared queue end to end: two webhook receivers (the real App, in this process) and two
 * `node dist/worker.js` processes, the queue and the sandboxes on this machine's Postgres,
 * GitHub faked on 127.0.0.1 (nock does not cross processes).
 */
const DB = `pgdr_queue_${process.pid}`;
const PREFIX = `pgdrq${process.pid % 100000}_`;
const sha = (digit: string) => digit.repeat(40);

const SLOW = 150_000;

describe('the review queue with two worker processes', () => {
  let database: Awaited<ReturnType<typeof createQueueDatabase>>;
  let github: FakeGitHub;
  let receivers: TestApp[] = [];
  let queues: PgReviewQueue[] = [];
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createQueueDatabase(DB);
    github = await startFakeGitHub();
    github.config = 'postgres:\n  version: 15\n';
    for (let i = 0; i < 2; i++) {
      const queue = await PgReviewQueue.open({ connectionString: database.url, superviseIntervalSeconds: 1 });
      queues.push(queue);
      receivers.push(await startTestApp({ jobs: queue, baseUrl: github.url, botLogin: 'pg-dba-review[bot]' }));
    }
    workers = [0, 1].map(() => startWorkerProcess({ queueUrl: database.url, github, prefix: PREFIX }));
    await waitFor('both workers to start', () => workers.every((w) => w.logs.some((l) => l.msg === 'worker started')), 30_000);
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => Promise.race([w.exited, new Promise((r) => setTimeout(r, 10_000))])));
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(receivers.map((r) => r.close()));
    await Promise.all(queues.map((q) => q.stop()));
    await github?.close();
    await dropSandboxLeftovers(PREFIX);
    await database?.drop();
  });

  const pullRequest = (number: number, head: string, files: Record<string, string> = { [MIGRATION]: MIGRATION_SQL }) => {
    github.pulls.set(number, { head, base: BASE, files, baseFiles: { [APPLIED]: APPLIED_SQL } });
    return fixture('pull_request.opened', (p) => {
      p.number = number;
      p.pull_request.number = number;
      p.pull_request.head.sha = head;
    });
  };
  const checkRunsFor = (head: string) => [...github.checkRuns.entries()].filter(([, run]) => run.headSha === head);
  const checkRunId = (head: string): number => checkRunsFor(head)[0]![0];
  const completions = (id: number) => github.checkRuns.get(id)!.updates.filter((u) => u.status === 'completed');
  const commentPosts = (pull: number) => github.calls.filter((c) => c.method === 'POST' && c.path.endsWith(`/issues/${pull}/comments`) && c.status === 201);
  const started = (checkRunId: number) => workers.flatMap((w, index) => w.logs.filter((l) => l.msg === 'review started' && l.checkRunId === checkRunId).map((l) => ({ index, attempt: l.attempt }))).sort((a, b) => a.attempt - b.attempt);

  test('20 copies of one event on two receivers make one check run, one review and one comment', async () => {
    const head = sha('a');
    const payload = pullRequest(21, head);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => receivers[i % 2]!.deliver('pull_request', payload, { id: `burst-${i}` })));
    expect(statuses).toEqual(Array(20).fill(200));

    const id = checkRunId(head);
    expect(checkRunsFor(head)).toHaveLength(1);
    await waitFor('the check to complete', () => completions(id).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // nothing else may follow
    expect(completions(id)).toHaveLength(1);
    expect(completions(id)[0]).toMatchObject({ conclusion: 'failure' }); // CREATE INDEX without CONCURRENTLY
    expect(commentPosts(21)).toHaveLength(1);
    expect(started(id)).toHaveLength(1);
  }, SLOW);

  test('a redelivered event (same X-GitHub-Delivery, any receiver) and a redelivered job post nothing twice', async () => {
    const head = sha('b');
    const payload = pullRequest(22, head);
    expect(await receivers[0]!.deliver('pull_request', payload, { id: 'redelivered-1' })).toBe(200);
    const id = checkRunId(head);
    await waitFor('the check to complete', () => completions(id).length > 0);
    // GitHub's "Redeliver" button, landing on the other receiver, then on the first one again
    expect(await receivers[1]!.deliver('pull_request', payload, { id: 'redelivered-1' })).toBe(200);
    expect(await receivers[0]!.deliver('pull_request', payload, { id: 'redelivered-1' })).toBe(200);

    // at-least-once: the queue hands the finished job out once more
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const { rows } = await admin.query<{ data: object }>(`SELECT data FROM pgboss.job WHERE name = $1 AND (data->>'checkRunId')::bigint = $2`, [QUEUE_NAME, id]);
    await admin.end();
    const boss = new PgBoss({ connectionString: database.url, supervise: false, schedule: false } as ConstructorParameters<typeof PgBoss>[0]);
    boss.on('error', () => undefined);
    await boss.start();
    const again = await boss.send(QUEUE_NAME, rows[0]!.data, { singletonKey: 'acme/shop#22' });
    await waitFor('the job delivered again to be handled', async () => (await boss.getJobById(QUEUE_NAME, again!))?.state === 'completed', 30_000);
    await boss.stop();

    expect(checkRunsFor(head)).toHaveLength(1);
    expect(completions(id)).toHaveLength(1);
    expect(commentPosts(22)).toHaveLength(1);
    expect(workers.some((w) => w.logs.some((l) => l.checkRunId === id && /nothing to do/.test(l.msg)))).toBe(true);
  }, SLOW);

  test('a newer push supersedes a queued review of the same pull request', async () => {
    const slow = { [MIGRATION]: 'SELECT pg_sleep(3);\n' };
    // occupy both workers, so the pull request's reviews wait in the queue
    for (const [n, d] of [[31, 'c'], [32, 'd']] as const) await receivers[0]!.deliver('pull_request', pullRequest(n, sha(d), slow));
    const old = sha('e');
    const newer = sha('f');
    await receivers[0]!.deliver('pull_request', pullRequest(23, old));
    await receivers[1]!.deliver('pull_request', pullRequest(23, newer));
    const oldId = checkRunId(old);
    const newId = checkRunId(newer);
    await waitFor('both checks to complete', () => completions(oldId).length > 0 && completions(newId).length > 0);
    expect(completions(oldId)[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'Superseded by a newer commit' } });
    expect(completions(newId)[0]).toMatchObject({ conclusion: 'failure' });
    expect(started(oldId)).toHaveLength(0);
    expect(commentPosts(23)).toHaveLength(1);
  }, SLOW);

  test('a worker killed mid-review (SIGKILL): the other one retries the review once and completes the check', async () => {
    const head = sha('9');
    await receivers[0]!.deliver('pull_request', pullRequest(24, head, { [MIGRATION]: 'SELECT pg_sleep(6);\n' }));
    const id = checkRunId(head);
    const [first] = await waitFor('a worker to start the review', () => (started(id).length > 0 ? started(id) : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // inside the migration now
    workers[first!.index]!.child.kill('SIGKILL');
    await workers[first!.index]!.exited;

    await waitFor('the check to complete after the retry', () => completions(id).length > 0, 90_000);
    expect(started(id)).toEqual([
      { index: first!.index, attempt: 0 },
      { index: 1 - first!.index, attempt: 1 },
    ]);
    expect(completions(id)).toHaveLength(1);
    expect(completions(id)[0]!.conclusion).not.toBe('neutral');
    expect(commentPosts(24)).toHaveLength(1);
    // a replacement for the next test
    workers[first!.index] = startWorkerProcess({ queueUrl: database.url, github, prefix: PREFIX });
    await waitFor('the replacement worker to start', () => workers[first!.index]!.logs.some((l) => l.msg === 'worker started'), 30_000);
  }, SLOW);

  test('the reconcile pass completes a check that a crashed worker left in progress', async () => {
    const head = sha('8');
    github.pulls.set(25, { head, base: BASE, files: {} });
    const created = await fetch(`${github.url}/repos/acme/shop/check-runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', head_sha: head, status: 'in_progress' }) });
    const { id } = (await created.json()) as { id: number };
    // its job is gone (every attempt crashed and the job was cleaned up, or it was never sent)
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      `INSERT INTO pgdr_queue.review (check_run_id, review_key, installation_id, owner, repo, head_sha, delivery_id, job_id, created_at)
       VALUES ($1, 'acme/shop#25', 4242, 'acme', 'shop', $2, 'lost-1', gen_random_uuid(), now() - interval '5 minutes')`,
      [id, head],
    );
    await waitFor('the orphaned check to complete', () => completions(id).length > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // both workers reconcile every second: only one may complete it
    const { rows } = await admin.query(`SELECT outcome FROM pgdr_queue.review WHERE check_run_id = $1`, [id]);
    await admin.end();
    expect(completions(id)).toHaveLength(1);
    expect(completions(id)[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'Not completed: the review worker stopped' } });
    expect(completions(id)[0].output.summary).toContain('its job is no longer in the queue');
    expect(rows[0].outcome).toBe('reconciled');
  }, SLOW);
});
