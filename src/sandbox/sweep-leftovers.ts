// The Neon client (and axios under it) is loaded only for the neon provider: ~60 ms of every CLI start.
import { sweepEmbeddedLeftovers, type ProviderSettings } from './open-sandbox.js';
import { openServerSandbox } from './server.js';

/**
 * Leftovers older than this are removed at startup: twice the longest review allowed
 * (reviewTimeoutSeconds ≤ 3600), so another process's running review is never touched.
 */
export const DEFAULT_SWEEP_AGE_MS = 2 * 3600_000;

/**
 * Removes what crashed processes left with the configured provider: data directories of
 * embedded clusters, review databases and roles on the server, review branches on Neon.
 * Returns what was removed, for the startup log.
 */
export async function sweepLeftovers(settings: ProviderSettings, olderThanMs = DEFAULT_SWEEP_AGE_MS): Promise<string[]> {
  if (settings.provider === 'server') {
    const sandbox = await openServerSandbox({ adminUrl: settings.adminUrl!, ...(settings.prefix ? { prefix: settings.prefix } : {}) });
    try {
      const { databases, roles } = await sandbox.sweepLeftovers(olderThanMs);
      return [...databases.map((d) => `database ${d}`), ...roles.map((r) => `role ${r}`)];
    } finally {
      await sandbox.close();
    }
  }
  if (settings.provider === 'neon') {
    const { NeonSandbox } = await import('./neon.js');
    const sandbox = await NeonSandbox.open(settings.neon!);
    return (await sandbox.sweepLeftovers(olderThanMs)).map((id) => `Neon branch ${id}`);
  }
  return (await sweepEmbeddedLeftovers(olderThanMs)).map((dir) => `data directory ${dir}`);
}
