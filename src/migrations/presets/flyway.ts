import { baseName, compareDotted, type Preset } from './preset.js';

const VERSIONED = /^V(\d+(?:[._]\d+)*)__.+\.sql$/;
const UNDO = /^U(\d+(?:[._]\d+)*)__.+\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;

/**
 * Flyway: `V<version>__<desc>.sql` by version (1.10 after 1.9; `_` is a dot), `U<version>__` undo
 * files pair with them, `R__<desc>.sql` repeatables re-run whenever their checksum changes,
 * after all versioned ones, ordered by description.
 */
export const flywayPreset: Preset = {
  name: 'flyway',
  include: ['**/db/migration/**/*.sql', '**/resources/db/**/*.sql', '**/flyway/**/*.sql', '**/sql/**/[VUR]*__*.sql'],
  classify(path) {
    const file = baseName(path);
    const versioned = VERSIONED.exec(file);
    if (versioned) return { path, role: 'up', version: versioned[1]!.replace(/_/g, '.') };
    const undo = UNDO.exec(file);
    if (undo) return { path, role: 'down', version: undo[1]!.replace(/_/g, '.') };
    const repeatable = REPEATABLE.exec(file);
    if (repeatable) return { path, role: 'repeatable', version: repeatable[1]! };
    return undefined;
  },
  compareVersions: compareDotted,
};
