import { baseName, compareNatural, keepDownSection, keepSection, type Preset } from './preset.js';

const FILE = /^(\d+)_.*\.sql$/;

/**
 * dbmate: `db/migrations/<version>_<name>.sql` holding `-- migrate:up` and `-- migrate:down`
 * sections; only the up section runs. `-- migrate:up transaction:false` runs it outside a
 * transaction, which the engine detects from the statements themselves.
 */
export const dbmatePreset: Preset = {
  name: 'dbmate',
  include: ['**/db/migrations/*.sql'],
  classify(path) {
    const match = FILE.exec(baseName(path));
    return match ? { path, role: 'up', version: match[1]! } : undefined;
  },
  compareVersions: compareNatural,
  upSql: (content) =>
    keepSection(
      content,
      (line) => /^--\s*migrate:up\b/.test(line),
      (line) => /^--\s*migrate:down\b/.test(line),
    ),
  downSql: (content) =>
    keepDownSection(
      content,
      (line) => /^--\s*migrate:up\b/.test(line),
      (line) => /^--\s*migrate:down\b/.test(line),
    ),
};
