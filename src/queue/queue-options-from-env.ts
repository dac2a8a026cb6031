import type { PgReviewQueueOptions } from './pg-review-queue.js';

/**
 * The shared queue's settings from the environment, or undefined without QUEUE_DATABASE_URL
 * (reviews then run in-process, as before).
 */
export function queueOptionsFromEnv(env: NodeJS.ProcessEnv): PgReviewQueueOptions | undefined {
  if (!env.QUEUE_DATABASE_URL) return undefined;
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const options: PgReviewQueueOptions = { connectionString: env.QUEUE_DATABASE_URL };
  const set = <K extends keyof PgReviewQueueOptions>(key: K, value: PgReviewQueueOptions[K] | undefined) => {
    if (value !== undefined && !Number.isNaN(value)) options[key] = value;
  };
  set('retryLimit', number('PG_DBA_REVIEW_QUEUE_RETRY_LIMIT'));
  set('retryDelaySeconds', number('PG_DBA_REVIEW_QUEUE_RETRY_DELAY_SECONDS'));
  set('heartbeatSeconds', number('PG_DBA_REVIEW_QUEUE_HEARTBEAT_SECONDS'));
  set('expireInSeconds', number('PG_DBA_REVIEW_QUEUE_EXPIRE_SECONDS'));
  set('superviseIntervalSeconds', number('PG_DBA_REVIEW_QUEUE_SUPERVISE_SECONDS'));
  set('pollingIntervalSeconds', number('PG_DBA_REVIEW_QUEUE_POLL_SECONDS'));
  return options;
}
