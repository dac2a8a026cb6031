import { sectionedFilePreset } from './preset.js';

/**
 * goose SQL migrations: `<version>_<name>.sql` holding `-- +goose Up` and `-- +goose Down`
 * sections, ordered by the numeric version; only the up section runs. `-- +goose NO
 * TRANSACTION` runs the file outside a transaction. `-- +goose StatementBegin/End` only tell
 * goose's own splitter where a statement with semicolons inside ends; the Postgres grammar
 * needs no such help, so they stay comments.
 */
export const goosePreset = sectionedFilePreset({
  name: 'goose',
  include: ['**/migrations/**/*.sql'],
  file: /^(\d+)_.*\.sql$/,
  isUp: (line) => /^--\s*\+goose\s+up\b/i.test(line.trim()),
  isDown: (line) => /^--\s*\+goose\s+down\b/i.test(line.trim()),
  runsInTransaction: (content) => !content.split('\n').some((line) => /^--\s*\+goose\s+no\s+transaction\b/i.test(line.trim())),
});
