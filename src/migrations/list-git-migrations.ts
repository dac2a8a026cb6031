import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../shared/errors.js';
import type { MigrationFile } from './migration-file.js';
import { selectMigrations, type MigrationGlobs } from './select-migrations.js';

const run = promisify(execFile);

export interface GitMigrations {
  /** Migrations already on the base ref: the deployed history. */
  base: MigrationFile[];
  /** Migrations added or changed between the base ref and HEAD. */
  changed: MigrationFile[];
}

/**
 * Reads migrations from a local git repository: the ones already on `baseRef` form the base
 * history; the ones added or modified since (merge-base...HEAD) are the new migrations.
 */
export async function listGitMigrations(repoDir: string, baseRef: string, globs: MigrationGlobs): Promise<GitMigrations> {
  const git = async (...args: string[]) => {
    try {
      return (await run('git', ['-C', repoDir, ...args], { maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new UsageError(`git ${args[0]} in ${repoDir}: ${stderr || (error as Error).message}`, { showUsage: false });
    }
  };
  const mergeBase = (await git('merge-base', baseRef, 'HEAD')).trim();
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
