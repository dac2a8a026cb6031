import { sectionedFilePreset } from './preset.js';

/**
 * dbmate: `db/migrations/<version>_<name>.sql` holding `-- migrate:up` and `-- migrate:down`
 * sections; only the up section runs. `-- migrate:up transaction:false` runs it outside a
 * transaction.
 */
export const dbmatePreset = sectionedFilePreset({
  name: 'dbmate',
  include: ['**/db/migrations/*.sql'],
  file: /^(\d+)_.*\.sql$/,
  isUp: (line) => /^--\s*migrate:up\b/.test(line),
  isDown: (line) => /^--\s*migrate:down\b/.test(line),
  runsInTransaction: (content) => !content.split('\n').some((line) => /^--\s*migrate:up\b.*\btransaction:false\b/.test(line)),
});
