import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A first run that finds another process initialising the same data directory waits this long at most. */
const LOCK_WAIT_MS = 120_000;
/** A lock older than this belongs to a process that died while initialising. */
const STALE_LOCK_MS = 300_000;

/**
 * Where pristine data directories are kept: PG_DBA_REVIEW_CACHE_DIR, else the user's cache
 * folder ($XDG_CACHE_HOME or ~/.cache), in `pg-dba-review/`. Created private (0700).
 */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_DBA_REVIEW_CACHE_DIR) return env.PG_DBA_REVIEW_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pg-dba-review');
}

export interface PristineDataDir {
  /** An initdb'ed data directory, never started: copied per run. */
  dir: string;
  /** The superuser's password in it; each copy changes it as soon as it is started. */
  password: string;
}

/**
 * The data directory `initdb` makes for one Postgres build, made once and kept in a private
 * cache folder, so each run copies it (milliseconds) instead of running initdb (the largest
 * part of a cold start). The first of several concurrent runs initialises it under a lock
 * file; the others wait for it. Returns undefined when the cache cannot be used safely (not
 * ours, readable by others, not writable): the caller then runs initdb itself.
 */
export async function findOrCreatePristineDataDir(
  root: string,
  key: string,
  initialise: (dir: string, password: string) => Promise<void>,
): Promise<PristineDataDir | undefined> {
  if (!(await isPrivateDirectory(root))) return undefined;
  const dir = path.join(root, key);
  const passwordFile = `${dir}.password`;
  const ready = async () => {
    const password = await readFile(passwordFile, 'utf8').catch(() => undefined);
    const version = await stat(path.join(dir, 'PG_VERSION')).catch(() => undefined);
    return password && version ? { dir, password: password.trim() } : undefined;
  };
  const found = await ready();
  if (found) return found;

  const lock = `${dir}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const handle = await open(lock, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        const again = await ready();
        if (again) return again;
        const building = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
        // initdb runs where the server's OS user can reach (as root that is not the cache folder).
        const scratch = await mkdtemp(path.join(os.tmpdir(), 'pg-dba-review-initdb-'));
        const password = randomBytes(18).toString('base64url');
        try {
          await initialise(scratch, password);
          await mkdir(building, { mode: 0o700 });
          await copyDataDir(scratch, building);
          await rm(dir, { recursive: true, force: true });
          await rename(building, dir);
          await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
        } finally {
          await rm(building, { recursive: true, force: true });
          await rm(scratch, { recursive: true, force: true });
        }
        return await ready();
      } finally {
        await handle.close();
        await rm(lock, { force: true });
      }
    }
    const held = await stat(lock).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lock, { force: true });
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const done = await ready();
    if (done) return done;
  }
}

/**
 * Copies a data directory's contents into `target`, an empty directory of ours (mkdtemp), with
 * owners and modes (as root the files belong to the `postgres` user that runs the server).
 * Copied into it, never to a path that is removed and made again, which another local user
 * could take in between.
 */
export async function copyDataDir(source: string, target: string): Promise<void> {
  await run('cp', ['-a', `${source}/.`, target]);
}

/** Creates `dir` private (0700) if missing; true when it is ours and no one else may enter it. */
async function isPrivateDirectory(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    const mine = process.getuid === undefined || info.uid === process.getuid();
    return info.isDirectory() && mine && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
