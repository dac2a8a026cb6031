import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_PREFIX, hostTag, ownerOfDataDir } from './cluster-watchdog.js';

/**
 * Data directories of embedded clusters whose owner died (SIGKILL, out of memory) and whose
 * watchdog did not finish (killed too, machine rebooted) stay in the temp folder. A directory
 * whose name records its owner (see dataDirPrefix) is removed at once when that process is gone
 * on this host, its postmaster stopped first if it still runs; any other is removed when older
 * than `olderThanMs` and its postmaster is gone.
 */
export async function sweepEmbeddedLeftovers(olderThanMs: number): Promise<string[]> {
  const removed: string[] = [];
  const tmp = os.tmpdir();
  const host = hostTag();
  for (const name of await readdir(tmp).catch(() => [])) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    const owner = ownerOfDataDir(name);
    const postmaster = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (owner && owner.host === host) {
      if (owner.pid === process.pid || isAlive(owner.pid)) continue;
      if (postmaster > 0 && isAlive(postmaster)) {
        if (!(await commandLineNames(postmaster, dir))) continue;
        await stopPostmaster(postmaster);
      }
    } else {
      if (Date.now() - info.mtimeMs < olderThanMs) continue;
      if (postmaster > 0 && isAlive(postmaster)) continue;
    }
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** Fast shutdown, then SIGKILL after 10 s. */
async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Whether the process's command line names the directory (its `-D`): a reused pid is left alone. */
async function commandLineNames(pid: number, dir: string): Promise<boolean> {
  const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(
    () =>
      new Promise<string>((resolve) => execFile('ps', ['-o', 'args=', '-p', String(pid)], (error, stdout) => resolve(error ? '' : stdout))),
  );
  return args.replaceAll('\0', ' ').includes(dir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
