import { baseName, compareNatural, keepDownSection, keepSection, type Preset } from './preset.js';

const FILE = /^(\d+)[_-].*\.sql$/;

/**
 * node-pg-migrate SQL migrations: `migrations/<timestamp>_<name>.sql` with `-- Up Migration`
 * and `-- Down Migration` sections; only the up section runs.
 */
export const nodePgMigratePreset: Preset = {
  name: 'node-pg-migrate',
  include: ['**/migrations/*.sql'],
  classify(path) {
    const match = FILE.exec(baseName(path));
    return match ? { path, role: 'up', version: match[1]! } : undefined;
  },
  compareVersions: compareNatural,
  upSql: (content) =>
    keepSection(
      content,
      (line) => /^--\s*up migration\s*$/i.test(line.trim()),
      (line) => /^--\s*down migration\s*$/i.test(line.trim()),
    ),
  downSql: (content) =>
    keepDownSection(
      content,
      (line) => /^--\s*up migration\s*$/i.test(line.trim()),
      (line) => /^--\s*down migration\s*$/i.test(line.trim()),
    ),
};
