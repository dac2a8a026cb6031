import { DEFAULT_MIGRATION_GLOBS } from '../../config/config.schema.js';
import { compareNatural, type Preset } from './preset.js';

/** Plain SQL folders: every .sql file is an up migration, applied in natural path order. */
export const sqlPreset: Preset = {
  name: 'sql',
  include: DEFAULT_MIGRATION_GLOBS,
  classify: (path) => (/\.down\.sql$|(^|\/)down\.sql$/i.test(path) ? { path, role: 'down', version: path } : { path, role: 'up', version: path }),
  compareVersions: compareNatural,
};
