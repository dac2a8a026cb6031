import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../shared/errors.js';
import { buildMigrationPlan, type EditedMigration, type MigrationSettings } from './build-migration-plan.js';
import { collectDownMigrations } from './collect-down-migrations.js';
import type { ChangedFile } from './changed-file.js';
import type { MigrationFile } from './migration-file.js';
import { presets } from './presets/index.js';
import { toUpMigration } from './presets/preset.js';
import type { PresetName } from './presets/preset-names.js';

const run = promisify(execFile);

export interface GitMigrations {
  /** Migrations already on the base ref: the deployed history. */
  base: MigrationFile[];
  /** Migrations added or changed between the base ref and HEAD. */
  changed: MigrationFile[];
  /** Applied migrations that HEAD edits, deletes or renames (not reviewed as new). */
  edited?: EditedMigration[];
  /** Down migrations of the changed ones, newest first, when every one has one. */
  down?: MigrationFile[];
  /** Roles the platform has before the first migration (the preset's); its SQL leads `base`. */
  baseRoles?: string[];
}

/**
 * Reads migrations from a local git repository: the ones already on `baseRef` form the base
 * history; the ones added or modified since (merge-base...HEAD) are the new migrations.
 */
export async function listGitMigrations(repoDir: string, baseRef: string, globs: MigrationSettings): Promise<GitMigrations> {
  const git = async (...args: string[]) => {
    try {
      return (await run('git', ['-C', repoDir, ...args], { maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new UsageError(`git ${args[0]} in ${repoDir}: ${stderr || (error as Error).message}`, { showUsage: false });
    }
  };
  const mergeBase = (await git('merge-base', baseRef, 'HEAD')).trim();
  return listWithPreset(git, mergeBase, { ...globs, preset: globs.preset ?? 'sql' });
}

/** The same plan as the App's (the preset's order, up sections, down pairing, applied edits). */
async function listWithPreset(
  git: (...args: string[]) => Promise<string>,
  mergeBase: string,
  settings: MigrationSettings & { preset: PresetName },
): Promise<GitMigrations> {
  const fields = (await git('diff', '--name-status', '-M', '-z', mergeBase, 'HEAD')).split('\0').filter(Boolean);
  const changed: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++]!;
    const statuses: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied' };
    const status = statuses[code[0]!] ?? 'changed';
    if (status === 'renamed' || status === 'copied') {
      const previousPath = fields[i++]!;
      changed.push({ path: fields[i++]!, status, previousPath });
    } else {
      changed.push({ path: fields[i++]!, status });
    }
  }
  const baseTree = (await git('ls-tree', '-r', '--name-only', '-z', mergeBase)).split('\0').filter(Boolean);
  const preset = presets[settings.preset];
  const orderFile = preset.orderFile ? await git('show', `HEAD:${preset.orderFile.path}`).catch(() => undefined) : undefined;
  const plan = buildMigrationPlan({ changed, baseTree, settings, orderFile });
  const read = async (ref: string, path: string): Promise<MigrationFile> => ({ path, content: await git('show', `${ref}:${path}`) });
  const readUp = async (ref: string, path: string): Promise<MigrationFile> => {
    const metadata = preset.metadataFile ? await git('show', `${ref}:${preset.metadataFile(path)}`).catch(() => undefined) : undefined;
    return toUpMigration(preset, await read(ref, path), metadata);
  };
  const raw = await Promise.all(plan.migrations.map((e) => read('HEAD', e.path)));
  const down = await collectDownMigrations(plan, raw, (path) => git('show', `HEAD:${path}`).catch(() => null));
  return {
    base: [...(preset.prelude ? [preset.prelude.file] : []), ...(await Promise.all(plan.base.map((e) => readUp(mergeBase, e.path))))],
    ...(preset.prelude ? { baseRoles: preset.prelude.roles } : {}),
    changed: await Promise.all(plan.migrations.map((e) => readUp('HEAD', e.path))),
    edited: plan.edited,
    ...(down ? { down } : {}),
  };
}
