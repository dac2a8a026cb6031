import { DEFAULT_MIGRATION_GLOBS } from '../../config/config.schema.js';
import { compareNatural, type Preset } from './preset.js';

/**
 * Plain SQL folders: every .sql file is an up migration, applied in natural path order, except
 * `x.down.sql` (golang-migrate style, beside `x.sql` or `x.up.sql`) and `dir/down.sql` (diesel
 * style, beside `dir/up.sql`), which are the down migrations of the file with the same version.
 */
export const sqlPreset: Preset = {
  name: 'sql',
  include: DEFAULT_MIGRATION_GLOBS,
  classify: (path) => {
    const down = /(\.down\.sql|(?:^|\/)down\.sql)$/i.exec(path);
    if (down) return { path, role: 'down', version: path.slice(0, down.index) };
    const up = /(\.up\.sql|(?:^|\/)up\.sql|\.sql)$/i.exec(path)!;
    return { path, role: 'up', version: path.slice(0, up.index) };
  },
  compareVersions: compareNatural,
};
