import type { Preset } from './preset.js';

const FILE = /(?:^|\/)migrations\/([^/]+)\/(up|down)\.sql$/;

/**
 * diesel: one folder per migration, `migrations/<version>_<name>/up.sql` and its `down.sql`.
 * The version is the folder name before its first `_`, with dashes removed
 * (`2020-01-01-000000_create_users` → `20200101000000`, `00000000000000_diesel_initial_setup`),
 * and diesel orders versions as strings, so dashed and undashed folders interleave by date,
 * not by path. `metadata.toml` beside them with `run_in_transaction = false` runs the folder
 * outside a transaction.
 */
export const dieselPreset: Preset = {
  name: 'diesel',
  include: ['**/migrations/*/up.sql', '**/migrations/*/down.sql'],
  classify(path) {
    const match = FILE.exec(path);
    if (!match) return undefined;
    const version = match[1]!.split('_')[0]!.replace(/-/g, '');
    if (!/^\d+$/.test(version)) return undefined;
    return { path, role: match[2] === 'up' ? 'up' : 'down', version };
  },
  compareVersions: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  metadataFile: (path) => `${path.slice(0, path.lastIndexOf('/'))}/metadata.toml`,
  runsInTransaction: (_content, metadata) => !(metadata !== undefined && /^\s*run_in_transaction\s*=\s*false\s*(?:#.*)?$/m.test(metadata)),
};
