import { parseIntoClientConfig } from 'pg-connection-string';
import { UsageError } from '../shared/errors.js';
import { ClusterSandbox } from './cluster-sandbox.js';

export interface ServerSandboxOptions {
  /** DATABASE_ADMIN_URL: a superuser (or CREATEDB + CREATEROLE) on a Postgres kept for reviews. */
  adminUrl: string;
  /** Names of everything created start with it (default `pgdr_`); one per deployment. */
  prefix?: string;
  /** Most base templates kept on the server, least recently used evicted (default 20). */
  templateCap?: number;
  statementLimitMs?: number;
  /** Keep a branch per base cloned ahead for the next review (long-lived processes; see ClusterSandboxOptions). */
  spareBranch?: boolean;
}

/**
 * The `server` provider: an existing Postgres (same major as production) hosts the base
 * templates, built once per base and reused by every process, and one database plus one role
 * per review, dropped afterwards. The server should be dedicated to reviews: migrations run
 * there, if only as unprivileged roles.
 */
export async function openServerSandbox(options: ServerSandboxOptions): Promise<ClusterSandbox> {
  const prefix = options.prefix ?? 'pgdr_';
  // It becomes part of SQL identifiers and of the sweeper's patterns: keep it plain.
  if (!/^[a-z][a-z0-9_]{0,15}$/.test(prefix)) throw new UsageError(`the sandbox prefix "${prefix}" must be lowercase letters, digits and _ (at most 16)`);
  return ClusterSandbox.open({
    admin: parseIntoClientConfig(options.adminUrl),
    prefix,
    lockDownDefaultDatabases: false,
    ...(options.templateCap ? { templateCap: options.templateCap } : {}),
    ...(options.statementLimitMs ? { statementLimitMs: options.statementLimitMs } : {}),
    ...(options.spareBranch ? { spareBranch: true } : {}),
  });
}
