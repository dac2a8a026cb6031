import { startWorker } from './github/start-worker.js';
import { queueOptionsFromEnv } from './queue/queue-options-from-env.js';
import { reviewOnPool, sweepAtStartup } from './github/app-dependencies.js';
import { SandboxPool } from './sandbox/sandbox-pool.js';

/**
 * Queue worker entry (`npm run worker`): QUEUE_DATABASE_URL, APP_ID and PRIVATE_KEY, plus the
 * sandbox provider's settings; wires, nothing else.
 */
const queue = queueOptionsFromEnv(process.env);
if (!queue) {
  console.error('pg-dba-review worker: QUEUE_DATABASE_URL is not set (the App then runs reviews in-process; no worker is needed)');
  process.exit(2);
}
await sweepAtStartup();
const pool = new SandboxPool();
const worker = await startWorker({
  queue,
  concurrency: Number(process.env.PG_DBA_REVIEW_CONCURRENCY ?? 2),
  review: reviewOnPool(pool),
  ...(process.env.PG_DBA_REVIEW_RECONCILE_SECONDS ? { reconcileIntervalMs: Number(process.env.PG_DBA_REVIEW_RECONCILE_SECONDS) * 1000 } : {}),
});
const stop = () =>
  void worker
    .stop()
    .then(() => pool.close())
    .finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
