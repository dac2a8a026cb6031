import { baseName, compareNatural, type Preset } from './preset.js';

const FILE = /^(\d+)_.*\.sql$/;

/**
 * drizzle-kit: `drizzle/<NNNN>_<name>.sql` (the folder is `out` in drizzle.config), statements
 * separated by `--> statement-breakpoint`, which is an SQL comment, so the file parses as is.
 */
export const drizzlePreset: Preset = {
  name: 'drizzle',
  include: ['**/drizzle/*.sql', '**/drizzle/migrations/*.sql', '**/migrations/*.sql'],
  classify(path) {
    const match = FILE.exec(baseName(path));
    return match ? { path, role: 'up', version: match[1]! } : undefined;
  },
  compareVersions: compareNatural,
};
