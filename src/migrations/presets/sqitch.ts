import { compareNatural, type Preset } from './preset.js';

const FILE = /^(?:(.*)\/)?(deploy|revert|verify)\/(.+)\.sql$/;

/**
 * sqitch: `deploy/<change>.sql` runs up, `revert/<change>.sql` is its pair; the order is the
 * order of changes in `sqitch.plan`, not the file names.
 */
export const sqitchPreset: Preset = {
  name: 'sqitch',
  include: ['**/deploy/**/*.sql', '**/revert/**/*.sql'],
  classify(path) {
    const match = FILE.exec(path);
    if (!match || match[2] === 'verify') return undefined;
    return { path, role: match[2] === 'deploy' ? 'up' : 'down', version: match[3]! };
  },
  compareVersions: compareNatural,
  orderFile: { path: 'sqitch.plan', parse: parseSqitchPlan },
};

/** The change names of a sqitch.plan, first to last (pragmas, tags and comments skipped). */
export function parseSqitchPlan(content: string): string[] {
  const names: string[] = [];
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('%') || line.startsWith('#') || line.startsWith('@')) continue;
    const name = line.split(/\s+/)[0]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
