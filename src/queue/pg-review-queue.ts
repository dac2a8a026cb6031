import pg from 'pg';
import { PgBoss, type Job } from 'pg-boss';
import type { ReviewJob } from './review-job.js';

export const QUEUE_NAME = 'pg-dba-review';
const SCHEMA = 'pgdr_queue';

export interface PgReviewQueueOptions {
  /** QUEUE_DATABASE_URL: a Postgres holding pg-boss's tables and ours (schemas pgboss, pgdr_queue). */
  connectionString: string;
  /** Retries after a failed attempt (a crashed worker counts as one), with exponential backoff. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * A worker proves it is alive this often; a job without a heartbeat for this long is retried
   * by any other instance (a killed worker). At least 10 (pg-boss).
   */
  heartbeatSeconds?: number;
  /** Longest a job may stay active: the review time limit plus a margin. */
  expireInSeconds?: number;
  /** How often expired and heartbeat-less jobs are looked for (pg-boss supervision). */
  superviseIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

/** What `admit` did with an event. */
export type Admission =
  | { kind: 'queued'; checkRunId: number; jobId: string }
  /** The same X-GitHub-Delivery (and head) was already admitted, by this or another receiver. */
  | { kind: 'redelivery' }
  /** A review of this very head is already queued or running: it will answer for this event too. */
  | { kind: 'duplicate'; checkRunId: number };

/** A check run the queue knows is not finished, for the reconcile pass. */
export interface UnfinishedReview {
  checkRunId: number;
  installationId: number;
  owner: string;
  repo: string;
  headSha: string;
  /** pg-boss's state of the job, or null when the job is gone. */
  jobState: string | null;
  reason: string;
}

/**
 * The shared queue behind `QUEUE_DATABASE_URL`: pg-boss for delivery (one active job per pull
 * request by singleton key, retries with backoff, heartbeats so a killed worker's job is
 * retried), plus three small tables of ours:
 * - `delivery`: each (X-GitHub-Delivery, head SHA) admitted once, across all receivers;
 * - `latest_head`: per pull request, the newest head asked for; an older job finds it is no
 *   longer current and completes its check as superseded instead of publishing;
 * - `review`: each check run we created, until a worker (or the reconcile pass) completed it.
 * Knows nothing of GitHub: the caller creates and completes check runs.
 */
export class PgReviewQueue {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly boss: PgBoss,
    private readonly options: PgReviewQueueOptions,
  ) {}

  static async open(options: PgReviewQueueOptions): Promise<PgReviewQueue> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: 4, application_name: 'pg-dba-review queue' });
    pool.on('error', () => undefined);
    const boss = new PgBoss({
      connectionString: options.connectionString,
      max: 4,
      application_name: 'pg-dba-review pg-boss',
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    } as ConstructorParameters<typeof PgBoss>[0]);
    boss.on('error', (error: unknown) => console.error('pg-dba-review: queue error', error));
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`).catch(ignoreConcurrentCreate);
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${SCHEMA}.delivery (
           delivery_id text NOT NULL, head_sha text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (delivery_id, head_sha))`,
      ).catch(ignoreConcurrentCreate);
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${SCHEMA}.latest_head (
           review_key text PRIMARY KEY, head_sha text NOT NULL, check_run_id bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      ).catch(ignoreConcurrentCreate);
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${SCHEMA}.review (
           check_run_id bigint PRIMARY KEY, review_key text NOT NULL, installation_id bigint NOT NULL, owner text NOT NULL, repo text NOT NULL,
           head_sha text NOT NULL, delivery_id text NOT NULL, job_id uuid, created_at timestamptz NOT NULL DEFAULT now(),
           finished_at timestamptz, outcome text)`,
      ).catch(ignoreConcurrentCreate);
      await pool.query(`CREATE INDEX IF NOT EXISTS review_unfinished ON ${SCHEMA}.review (created_at) WHERE finished_at IS NULL`).catch(ignoreConcurrentCreate);
      await boss.start();
      await boss
        .createQueue(QUEUE_NAME, {
          policy: 'singleton',
          retryLimit: options.retryLimit ?? 2,
          retryDelay: options.retryDelaySeconds ?? 10,
          retryBackoff: true,
          retryDelayMax: 300,
          heartbeatSeconds: options.heartbeatSeconds ?? 30,
          expireInSeconds: options.expireInSeconds ?? 900 + 300,
          deleteAfterSeconds: 7 * 24 * 3600,
        })
        .catch(ignoreConcurrentCreate);
    } catch (error) {
      await boss.stop({ graceful: false } as never).catch(() => undefined);
      await pool.end().catch(() => undefined);
      throw new Error(`opening the review queue (QUEUE_DATABASE_URL): ${(error as Error).message}`, { cause: error });
    }
    return new PgReviewQueue(pool, boss, options);
  }

  /**
   * A receiver's half: admits an event once. Under a row lock on the pull request, so 20
   * simultaneous copies of one event on several receivers still make one check run and one job:
   *   1. a (delivery, head) seen before is a redelivery: nothing happens;
   *   2. a review of the same head still queued or running answers for this event too;
   *   3. otherwise `createCheckRun` (GitHub) runs, the head becomes the pull request's latest,
   *      and the job is sent in the same transaction. If anything fails, nothing is recorded,
   *      so GitHub's redelivery of the event can try again.
   */
  async admit(job: Omit<ReviewJob, 'checkRunId'>, createCheckRun: () => Promise<number>): Promise<Admission> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const delivered = await client.query(`INSERT INTO ${SCHEMA}.delivery (delivery_id, head_sha) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [job.deliveryId, job.headSha]);
      if (delivered.rowCount === 0) {
        await client.query('ROLLBACK');
        return { kind: 'redelivery' };
      }
      // Serialises receivers per pull request (the row may not exist yet: lock the key itself).
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [job.key]);
      const latest = await client.query<{ head_sha: string; check_run_id: string; finished: boolean }>(
        `SELECT h.head_sha, h.check_run_id, r.finished_at IS NOT NULL AS finished
           FROM ${SCHEMA}.latest_head h LEFT JOIN ${SCHEMA}.review r ON r.check_run_id = h.check_run_id
          WHERE h.review_key = $1`,
        [job.key],
      );
      const row = latest.rows[0];
      if (row && row.head_sha === job.headSha && !row.finished) {
        await client.query('COMMIT');
        return { kind: 'duplicate', checkRunId: Number(row.check_run_id) };
      }
      const checkRunId = await createCheckRun();
      await client.query(
        `INSERT INTO ${SCHEMA}.latest_head (review_key, head_sha, check_run_id) VALUES ($1, $2, $3)
         ON CONFLICT (review_key) DO UPDATE SET head_sha = EXCLUDED.head_sha, check_run_id = EXCLUDED.check_run_id, updated_at = now()`,
        [job.key, job.headSha, checkRunId],
      );
      const jobId = await this.boss.send(QUEUE_NAME, { ...job, checkRunId }, { singletonKey: job.key, db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values as unknown[]) } });
      if (!jobId) throw new Error(`the queue refused the review of ${job.key} at ${job.headSha.slice(0, 7)}`);
      await client.query(
        `INSERT INTO ${SCHEMA}.review (check_run_id, review_key, installation_id, owner, repo, head_sha, delivery_id, job_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [checkRunId, job.key, job.installationId, job.owner, job.repo, job.headSha, job.deliveryId, jobId],
      );
      await client.query('COMMIT');
      return { kind: 'queued', checkRunId, jobId };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * A worker's half: runs `handler` for each job, `concurrency` at a time in this process. A
   * handler that throws fails the attempt; pg-boss retries it with backoff up to the limit.
   */
  async work(concurrency: number, handler: (job: ReviewJob, attempt: number) => Promise<void>): Promise<void> {
    await this.boss.work<ReviewJob>(
      QUEUE_NAME,
      { localConcurrency: concurrency, batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
      async (jobs: Job<ReviewJob>[]) => {
        for (const job of jobs) await handler(job.data, job.retryCount);
      },
    );
  }

  /** The newest head SHA asked for on this key (undefined if none recorded). */
  async latestHead(key: string): Promise<string | undefined> {
    const result = await this.pool.query<{ head_sha: string }>(`SELECT head_sha FROM ${SCHEMA}.latest_head WHERE review_key = $1`, [key]);
    return result.rows[0]?.head_sha;
  }

  /** True once a worker completed this check run: a job delivered again does nothing. */
  async isFinished(checkRunId: number): Promise<boolean> {
    const result = await this.pool.query(`SELECT 1 FROM ${SCHEMA}.review WHERE check_run_id = $1 AND finished_at IS NOT NULL`, [checkRunId]);
    return result.rowCount === 1;
  }

  /** Records that the check run was completed (published, superseded or reconciled). */
  async markFinished(checkRunId: number, outcome: string): Promise<void> {
    await this.pool.query(`UPDATE ${SCHEMA}.review SET finished_at = now(), outcome = $2 WHERE check_run_id = $1 AND finished_at IS NULL`, [checkRunId, outcome]);
  }

  /**
   * Takes an unfinished review for the reconcile pass, so that of several instances reconciling
   * at once only one completes its check. False when another got it first (or it finished).
   */
  async claimForReconcile(checkRunId: number): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${SCHEMA}.review SET finished_at = now(), outcome = 'reconciled' WHERE check_run_id = $1 AND finished_at IS NULL`, [checkRunId]);
    return result.rowCount === 1;
  }

  /** Gives a claimed review back when its check could not be completed: the next pass tries again. */
  async releaseClaim(checkRunId: number): Promise<void> {
    await this.pool.query(`UPDATE ${SCHEMA}.review SET finished_at = NULL, outcome = NULL WHERE check_run_id = $1 AND outcome = 'reconciled'`, [checkRunId]);
  }

  /**
   * Check runs left in progress: the job failed for good (retries exhausted), was cancelled,
   * is gone, completed without finishing the check (a bug), or is active past `staleAfterSeconds`
   * (its worker is stuck). Only reviews older than `graceSeconds` are considered.
   */
  async listUnfinished(options: { staleAfterSeconds: number; graceSeconds?: number }): Promise<UnfinishedReview[]> {
    const result = await this.pool.query<{ check_run_id: string; installation_id: string; owner: string; repo: string; head_sha: string; state: string | null; started_on: Date | null }>(
      `SELECT r.check_run_id, r.installation_id, r.owner, r.repo, r.head_sha, j.state::text AS state, j.started_on
         FROM ${SCHEMA}.review r LEFT JOIN pgboss.job j ON j.id = r.job_id AND j.name = $1
        WHERE r.finished_at IS NULL AND r.created_at < now() - make_interval(secs => $3)
          AND (j.id IS NULL OR j.state IN ('failed', 'cancelled', 'completed')
               OR (j.state = 'active' AND j.started_on < now() - make_interval(secs => $2)))
        ORDER BY r.created_at LIMIT 100`,
      [QUEUE_NAME, options.staleAfterSeconds, options.graceSeconds ?? 60],
    );
    return result.rows.map((row) => ({
      checkRunId: Number(row.check_run_id),
      installationId: Number(row.installation_id),
      owner: row.owner,
      repo: row.repo,
      headSha: row.head_sha,
      jobState: row.state,
      reason:
        row.state === null
          ? 'its job is no longer in the queue'
          : row.state === 'active'
            ? `its worker has held it since ${row.started_on?.toISOString()} without finishing`
            : row.state === 'failed'
              ? 'every attempt failed (the workers crashed or stopped during the review)'
              : `its job ended (${row.state}) without completing the check`,
    }));
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 20_000 } as never).catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/** Two processes starting at once race on CREATE ... IF NOT EXISTS; the loser's error is harmless. */
function ignoreConcurrentCreate(error: unknown): void {
  const code = (error as { code?: string }).code;
  if (code === '23505' || code === '42P07' || code === '42P06') return;
  if (/already exists/i.test((error as Error).message ?? '')) return;
  throw error;
}
