import { baseName, compareNatural, type Preset } from './preset.js';

const FILE = /^(\d+)_.*\.(up|down)\.sql$/;

/** golang-migrate: `<version>_<title>.up.sql` and its `.down.sql`, ordered by the numeric version. */
export const golangMigratePreset: Preset = {
  name: 'golang-migrate',
  include: ['**/*.up.sql', '**/*.down.sql'],
  classify(path) {
    const match = FILE.exec(baseName(path));
    if (!match) return undefined;
    return { path, role: match[2] === 'up' ? 'up' : 'down', version: match[1]! };
  },
  compareVersions: (a, b) => compareNatural(a.replace(/^0+(?=\d)/, ''), b.replace(/^0+(?=\d)/, '')),
};
