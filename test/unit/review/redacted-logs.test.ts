import type { CheckOutcome, GitHubGateway } from '../../../src/review/ports.js';
import { runPullRequestReview } from '../../../src/review/run-pull-request-review.js';

/** An error quoting a migration (here: discovery failing on a file) is logged and published masked. */
test('a review that fails with a secret in its error logs and publishes it masked', async () => {
  const secret = 'hunter2-in-a-uri';
  const completed: CheckOutcome[] = [];
  const github: GitHubGateway = {
    readConfig: async () => null,
    listChangedFiles: async () => {
      throw new Error(`reading db/0002.sql: COMMENT ON TABLE t IS 'postgres://etl:${secret}@db/shop' could not be read`);
    },
    listTree: async () => [],
    readFile: async () => null,
    readBlob: async () => '',
    currentHeadSha: async () => 'h',
    listBotComments: async () => [],
    createCheckRun: async () => 1,
    completeCheckRun: async (_id, outcome) => void completed.push(outcome),
    upsertComment: async () => 'skipped',
  };
  const logged: unknown[] = [];
  const log = { info: () => undefined, warn: (object: object) => void logged.push(object) };
  const result = await runPullRequestReview({ baseSha: 'b', headSha: 'h', pullNumber: 7, trigger: 'test' }, 1, {
    github,
    review: () => Promise.reject(new Error('not reached')),
    isCurrent: () => true,
    log,
  });
  expect(result.outcome).toBe('not-run');
  const everything = JSON.stringify({ logged: logged.map((o) => ({ ...(o as object), err: String((o as { err: Error }).err?.stack) })), completed });
  expect(everything).toContain('postgres://etl:[redacted]@db/shop');
  expect(everything).not.toContain(secret);
});
