import type { Sandbox } from '../review/ports.js';
import { SandboxError, UsageError } from '../shared/errors.js';
import { EmbeddedSandbox } from './embedded.js';
// The Neon client (and axios under it) is loaded only for the neon provider: ~60 ms of every CLI start.
import { openServerSandbox } from './server.js';
import type { PostgresMajor } from './supported-versions.js';

export const PROVIDERS = ['embedded', 'server', 'neon'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Operator settings, from the environment: secrets never come from a repository's config. */
export interface ProviderSettings {
  provider: ProviderName;
  /** server: DATABASE_ADMIN_URL. */
  adminUrl?: string;
  /** server: PG_DBA_REVIEW_SANDBOX_PREFIX, the start of every database and role name (default `pgdr_`). */
  prefix?: string;
  /** neon: NEON_API_KEY, NEON_PROJECT_ID, NEON_PARENT_BRANCH_ID. */
  neon?: { apiKey: string; projectId: string; parentBranchId: string };
}

export function providerSettingsFromEnv(env: NodeJS.ProcessEnv): ProviderSettings {
  const provider = (env.PG_DBA_REVIEW_PROVIDER ?? (env.DATABASE_ADMIN_URL ? 'server' : 'embedded')) as ProviderName;
  if (!PROVIDERS.includes(provider)) throw new UsageError(`PG_DBA_REVIEW_PROVIDER must be one of ${PROVIDERS.join(', ')} (got "${provider}")`);
  if (provider === 'server') {
    if (!env.DATABASE_ADMIN_URL) throw new UsageError('the server provider needs DATABASE_ADMIN_URL');
    return { provider, adminUrl: env.DATABASE_ADMIN_URL, ...(env.PG_DBA_REVIEW_SANDBOX_PREFIX ? { prefix: env.PG_DBA_REVIEW_SANDBOX_PREFIX } : {}) };
  }
  if (provider === 'neon') {
    const missing = ['NEON_API_KEY', 'NEON_PROJECT_ID', 'NEON_PARENT_BRANCH_ID'].filter((name) => !env[name]);
    if (missing.length > 0) throw new UsageError(`the neon provider needs ${missing.join(', ')}`);
    return { provider, neon: { apiKey: env.NEON_API_KEY!, projectId: env.NEON_PROJECT_ID!, parentBranchId: env.NEON_PARENT_BRANCH_ID! } };
  }
  return { provider };
}

/**
 * A running sandbox of the configured provider for a Postgres major. A server or Neon project
 * of another major is refused: locks, rewrites and syntax differ between majors.
 * `spareBranch` (embedded and server): keep a branch per base cloned ahead, for a long-lived App.
 */
export async function openSandbox(settings: ProviderSettings, major: PostgresMajor, statementLimitMs?: number, options: { spareBranch?: boolean } = {}): Promise<Sandbox> {
  const limit = { ...(statementLimitMs ? { statementLimitMs } : {}), ...(options.spareBranch ? { spareBranch: true } : {}) };
  const sandbox =
    settings.provider === 'server'
      ? await openServerSandbox({ adminUrl: settings.adminUrl!, ...(settings.prefix ? { prefix: settings.prefix } : {}), ...limit })
      : settings.provider === 'neon'
        ? await (await import('./neon.js')).NeonSandbox.open(settings.neon!)
        : await EmbeddedSandbox.start({ major, ...limit });
  if (sandbox.majorVersion !== major) {
    await sandbox.close();
    throw new SandboxError(`the ${settings.provider} provider runs PostgreSQL ${sandbox.majorVersion}, but the review asks for ${major}`);
  }
  return sandbox;
}

export { sweepEmbeddedLeftovers } from './sweep-embedded-leftovers.js';
