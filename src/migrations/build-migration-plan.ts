import picomatch from 'picomatch';
import { DEFAULT_MIGRATION_GLOBS } from '../config/config.schema.js';
import type { ChangedFile } from './changed-file.js';
import { presets } from './presets/index.js';
import type { MigrationEntry, Preset } from './presets/preset.js';
import type { PresetName } from './presets/preset-names.js';

export interface MigrationSettings {
  include: string[];
  exclude: string[];
  preset?: PresetName | undefined;
}

export interface MigrationPlanInput {
  /** The pull request's changed files. */
  changed: ChangedFile[];
  /** Every blob path at the base SHA. */
  baseTree: string[];
  settings: MigrationSettings;
  /** The text of the preset's order file (sqitch.plan) at the head SHA, when it has one. */
  orderFile?: string | undefined;
}

/** An already-applied migration that the pull request changes: it will not run again anywhere. */
export interface EditedMigration {
  path: string;
  change: 'modified' | 'removed' | 'renamed';
  previousPath?: string;
}

export interface MigrationPlan {
  preset: Preset;
  /** The new migrations (up direction and changed repeatables), in the tool's order, read at head. */
  migrations: MigrationEntry[];
  /** The deployed history at base, in the tool's order (the original text of edited files). */
  base: MigrationEntry[];
  edited: EditedMigration[];
  /** New migrations ordered before an applied one: most tools skip or refuse them. */
  outOfOrder: MigrationEntry[];
  /** For tools with separate down files: each new up migration → its down file, or null. */
  downs: Record<string, string | null>;
}

/**
 * Pure: which files of a pull request are new migrations, which form the deployed history at
 * base, and which already-applied migrations it edits, in the order the tool applies them.
 */
export function buildMigrationPlan(input: MigrationPlanInput): MigrationPlan {
  const preset = presets[input.settings.preset ?? 'sql'];
  const select = matcher(preset, input.settings);
  const entry = (path: string) => (select(path) ? preset.classify(path) : undefined);

  const baseEntries = input.baseTree.map(entry).filter(isDefined);
  const applied = new Map(baseEntries.filter((e) => e.role !== 'down').map((e) => [e.path, e]));

  const migrations: MigrationEntry[] = [];
  const edited: EditedMigration[] = [];
  const downs = new Set(baseEntries.filter((e) => e.role === 'down').map((e) => e.path));
  for (const file of input.changed) {
    const before = file.previousPath ?? file.path;
    const wasApplied = applied.get(before);
    const now = file.status === 'removed' ? undefined : entry(file.path);
    if (wasApplied && wasApplied.role === 'repeatable' && now) {
      migrations.push(now); // a changed repeatable runs again: review it as new
      continue;
    }
    if (wasApplied && file.status !== 'unchanged' && file.status !== 'added' && file.status !== 'copied') {
      const change = file.status === 'removed' ? 'removed' : file.status === 'renamed' ? 'renamed' : 'modified';
      edited.push({ path: file.path, change, ...(file.previousPath ? { previousPath: file.previousPath } : {}) });
      continue;
    }
    if (!now || applied.has(file.path)) continue;
    if (now.role === 'down') downs.add(now.path);
    else migrations.push(now);
  }

  const order = orderFrom(preset, input.orderFile);
  migrations.sort(order);
  const base = [...applied.values()].sort(order);
  const lastApplied = base.filter((e) => e.role === 'up').at(-1);
  const outOfOrder = lastApplied ? migrations.filter((m) => m.role === 'up' && order(m, lastApplied) < 0) : [];
  const downByVersion = new Map([...downs].map((path) => [preset.classify(path)?.version, path]));
  // Tools whose down migrations are files of their own (the plain sql preset pairs `x.down.sql`).
  const hasSeparateDowns = ['golang-migrate', 'sqitch', 'flyway', 'sql', 'diesel'].includes(preset.name);
  const downOf = hasSeparateDowns ? Object.fromEntries(migrations.filter((m) => m.role === 'up').map((m) => [m.path, downByVersion.get(m.version) ?? null])) : {};
  return { preset, migrations, base, edited, outOfOrder, downs: downOf };
}

/** The preset's own locations unless `include` was set; `exclude` always applies. */
function matcher(preset: Preset, settings: MigrationSettings): (path: string) => boolean {
  const usesDefault = settings.include.length === DEFAULT_MIGRATION_GLOBS.length && settings.include.every((g, i) => g === DEFAULT_MIGRATION_GLOBS[i]);
  const included = picomatch(usesDefault ? preset.include : settings.include, { dot: true });
  const excluded = settings.exclude.length > 0 ? picomatch(settings.exclude, { dot: true }) : () => false;
  return (path) => included(path) && !excluded(path);
}

/** Versioned before repeatable; by the order file when the tool has one, else by version, then path. */
function orderFrom(preset: Preset, orderFile: string | undefined): (a: MigrationEntry, b: MigrationEntry) => number {
  const names = preset.orderFile && orderFile !== undefined ? preset.orderFile.parse(orderFile) : undefined;
  const rank = (e: MigrationEntry) => {
    const index = names?.indexOf(e.version) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return (a, b) =>
    Number(a.role === 'repeatable') - Number(b.role === 'repeatable') ||
    rank(a) - rank(b) ||
    preset.compareVersions(a.version, b.version) ||
    a.path.localeCompare(b.path, 'en', { numeric: true });
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
