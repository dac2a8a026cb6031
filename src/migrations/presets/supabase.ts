import { baseName, compareNatural, type Preset } from './preset.js';

const FILE = /^(\d+)_?.*\.sql$/;

/** Supabase CLI: `supabase/migrations/<timestamp>_<name>.sql`, ordered by timestamp. */
export const supabasePreset: Preset = {
  name: 'supabase',
  include: ['**/supabase/migrations/*.sql'],
  classify(path) {
    const match = FILE.exec(baseName(path));
    return match ? { path, role: 'up', version: match[1]! } : undefined;
  },
  compareVersions: compareNatural,
};
