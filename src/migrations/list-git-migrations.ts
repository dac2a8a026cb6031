import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../shared/errors.js';
import { buildMigrationPlan, type EditedMigration } from './build-migration-plan.js';
import type { ChangedFile } from './changed-file.js';
import type { MigrationFile } from './migration-file.js';
import { presets } from './presets/index.js';
import type { PresetName } from './presets/preset-names.js';
import { selectMigrations, type MigrationGlobs } from './select-migrations.js';

const run = promisify(execFile);

export interface GitMigrations {
  /** Migrations already on the base ref: the deployed history. */
  base: MigrationFile[];
  /** Migrations added or changed between the base ref and HEAD. */
  changed: MigrationFile[];
  /** With a preset: applied migrations that HEAD edits, deletes or renames (not reviewed as new). */
  edited?: EditedMigration[];
}

/**
 * Reads migrations from a local git repository: the ones already on `baseRef` form the base
 * history; the ones added or modified since (merge-base...HEAD) are the new migrations.
 */
export async function listGitMigrations(repoDir: string, baseRef: string, globs: MigrationGlobs & { preset?: PresetName | undefined }): Promise<GitMigrations> {
  const git = async (...args: string[]) => {
    try {
      return (await run('git', ['-C', repoDir, ...args], { maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new UsageError(`git ${args[0]} in ${repoDir}: ${stderr || (error as Error).message}`, { showUsage: false });
    }
  };
  const mergeBase = (await git('merge-base', baseRef, 'HEAD')).trim();
  if (globs.preset) return listWithPreset(git, mergeBase, { ...globs, preset: globs.preset });
  const changedPaths = (await git('diff', '--name-only', '--diff-filter=AM', '-z', `${mergeBase}`, 'HEAD')).split('\0').filter(Boolean);
  const basePaths = (await git('ls-tree', '-r', '--name-only', '-z', mergeBase)).split('\0').filter(Boolean);

  const changedSet = new Set(selectMigrations(changedPaths, globs));
  const baseSelected = selectMigrations(basePaths, globs).filter((p) => !changedSet.has(p));
  const read = async (ref: string, path: string): Promise<MigrationFile> => ({ path, content: await git('show', `${ref}:${path}`) });
  return {
    base: await Promise.all(baseSelected.map((p) => read(mergeBase, p))),
    changed: await Promise.all([...changedSet].map((p) => read('HEAD', p))),
  };
}

/** With `migrations.preset`: the same plan as the App's (tool order, up sections, applied edits). */
async function listWithPreset(
  git: (...args: string[]) => Promise<string>,
  mergeBase: string,
  settings: MigrationGlobs & { preset: PresetName },
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
  const upSql = (text: string) => (preset.upSql ? preset.upSql(text) : text);
  const read = async (ref: string, path: string): Promise<MigrationFile> => ({ path, content: upSql(await git('show', `${ref}:${path}`)) });
  return {
    base: await Promise.all(plan.base.map((e) => read(mergeBase, e.path))),
    changed: await Promise.all(plan.migrations.map((e) => read('HEAD', e.path))),
    edited: plan.edited,
  };
}
