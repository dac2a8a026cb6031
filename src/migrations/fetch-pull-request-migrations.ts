import { mapLimit } from '../shared/map-limit.js';
import { buildMigrationPlan, type MigrationPlan, type MigrationSettings } from './build-migration-plan.js';
import { collectDownMigrations } from './collect-down-migrations.js';
import type { ChangedFile } from './changed-file.js';
import type { MigrationFile } from './migration-file.js';
import { toUpMigration, type MigrationEntry } from './presets/preset.js';
import { presets } from './presets/index.js';

/** Reads from GitHub (or anything else): structurally the part of GitHubGateway discovery uses. */
export interface MigrationSource {
  listChangedFiles(): Promise<ChangedFile[]>;
  listTree(ref: string): Promise<Array<{ path: string; sha: string }>>;
  readFile(path: string, ref: string): Promise<string | null>;
  readBlob(sha: string): Promise<string>;
}

export interface PullRequestMigrations {
  plan: MigrationPlan;
  /** Deployed history, text at base (blobs fetched only for migrations). */
  base: MigrationFile[];
  /** New migrations, text at head, only the up part. */
  migrations: MigrationFile[];
  /** Their down migrations, newest first, when every one has one. */
  down?: MigrationFile[];
  /** Roles the platform has before the first migration (the preset's); its SQL leads `base`. */
  baseRoles?: string[];
}

const PARALLEL_READS = 8;

/**
 * 1. the pull request's changed files; stop when none could be a migration;
 * 2. the base tree (one recursive request) and, for sqitch, the plan at head;
 * 3. the plan (pure); 4. the text of the new migrations at head and the history at base.
 */
export async function fetchPullRequestMigrations(
  source: MigrationSource,
  refs: { baseSha: string; headSha: string },
  settings: MigrationSettings,
): Promise<PullRequestMigrations> {
  const changed = await source.listChangedFiles();
  const preset = presets[settings.preset ?? 'sql'];
  // Before the tree request: could any changed file be a migration, new or already applied?
  const existedBefore = changed.filter((f) => f.status !== 'added').map((f) => f.previousPath ?? f.path);
  const quick = buildMigrationPlan({ changed, baseTree: existedBefore, settings });
  if (quick.migrations.length === 0 && quick.edited.length === 0) return { plan: { ...quick, edited: [], outOfOrder: [] }, base: [], migrations: [] };

  const tree = await source.listTree(refs.baseSha);
  const orderFile = preset.orderFile ? ((await source.readFile(orderFilePath(preset.orderFile.path, quick.migrations), refs.headSha)) ?? undefined) : undefined;
  const plan = buildMigrationPlan({ changed, baseTree: tree.map((e) => e.path), settings, orderFile });
  const shaOf = new Map(tree.map((e) => [e.path, e.sha]));

  // Only edits of applied migrations: their findings need no sandbox, so no history either.
  if (plan.migrations.length === 0) return { plan, base: [], migrations: [] };
  const base = await mapLimit(plan.base, PARALLEL_READS, async (entry: MigrationEntry) => {
    const metadataSha = preset.metadataFile ? shaOf.get(preset.metadataFile(entry.path)) : undefined;
    const metadata = metadataSha ? await source.readBlob(metadataSha) : undefined;
    return toUpMigration(preset, { path: entry.path, content: await source.readBlob(shaOf.get(entry.path)!) }, metadata);
  });
  const raw = await mapLimit(plan.migrations, PARALLEL_READS, async (entry: MigrationEntry) => {
    const text = await source.readFile(entry.path, refs.headSha);
    if (text === null) throw new Error(`reading ${entry.path} at ${refs.headSha.slice(0, 7)}: not found`);
    return { path: entry.path, content: text };
  });
  const migrations = await mapLimit(raw, PARALLEL_READS, async (file: MigrationFile) => {
    const metadata = preset.metadataFile ? ((await source.readFile(preset.metadataFile(file.path), refs.headSha)) ?? undefined) : undefined;
    return toUpMigration(preset, file, metadata);
  });
  const down = await collectDownMigrations(plan, raw, (path) => source.readFile(path, refs.headSha));
  const prelude = preset.prelude;
  return { plan, base: [...(prelude ? [prelude.file] : []), ...base], migrations, ...(down ? { down } : {}), ...(prelude ? { baseRoles: prelude.roles } : {}) };
}

/** sqitch.plan sits beside the deploy/ folder. */
function orderFilePath(name: string, migrations: MigrationEntry[]): string {
  const first = migrations[0]?.path ?? '';
  const root = first.includes('deploy/') ? first.slice(0, first.lastIndexOf('deploy/')) : '';
  return `${root}${name}`;
}
