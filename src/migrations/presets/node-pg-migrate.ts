import { sectionedFilePreset } from './preset.js';

/**
 * node-pg-migrate SQL migrations: `migrations/<timestamp>_<name>.sql` with `-- Up Migration`
 * and `-- Down Migration` sections; only the up section runs.
 */
export const nodePgMigratePreset = sectionedFilePreset({
  name: 'node-pg-migrate',
  include: ['**/migrations/*.sql'],
  file: /^(\d+)[_-].*\.sql$/,
  isUp: (line) => /^--\s*up migration\s*$/i.test(line.trim()),
  isDown: (line) => /^--\s*down migration\s*$/i.test(line.trim()),
});
