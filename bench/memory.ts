/**
 * Peak memory while work runs: the Node process's RSS, and the PostgreSQL processes' memory
 * read from /proc (postmaster + its children). Postgres backends share their buffers, so their
 * RSS would count shared memory once per process; PSS (proportional set size, from
 * smaps_rollup) splits it fairly, with RSS as the fallback where PSS cannot be read.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryPeak {
  /** RSS when sampling began: Node keeps the heap it grew in earlier work, so the peak is read next to it. */
  nodeRssStartMb: number;
  nodeRssMb: number;
  postgresMb: number | undefined;
  postgresProcesses: number;
  measure: 'PSS' | 'RSS' | 'unavailable';
}

export function sampleMemory(postmasterPidOf: () => number | undefined, everyMs = 100): { stop(): MemoryPeak } {
  let nodeRss = process.memoryUsage().rss;
  const nodeRssStart = nodeRss;
  let postgres: number | undefined;
  let processes = 0;
  let measure: MemoryPeak['measure'] = 'unavailable';
  const tick = () => {
    nodeRss = Math.max(nodeRss, process.memoryUsage().rss);
    const pid = postmasterPidOf();
    if (pid === undefined) return;
    const sample = postgresMemory(pid);
    if (sample && (postgres === undefined || sample.bytes > postgres)) {
      postgres = sample.bytes;
      processes = sample.processes;
      measure = sample.measure;
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { nodeRssStartMb: Math.round(nodeRssStart / 2 ** 20), nodeRssMb: Math.round(nodeRss / 2 ** 20), postgresMb: postgres === undefined ? undefined : Math.round(postgres / 2 ** 20), postgresProcesses: processes, measure };
    },
  };
}

export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function postgresMemory(postmaster: number): { bytes: number; processes: number; measure: 'PSS' | 'RSS' } | undefined {
  let pids: number[];
  try {
    pids = [postmaster];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pids.push(Number(name));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return undefined;
  }
  let bytes = 0;
  let measure: 'PSS' | 'RSS' = 'PSS';
  for (const pid of pids) {
    const pss = readKb(`/proc/${pid}/smaps_rollup`, 'Pss:');
    if (pss !== undefined) {
      bytes += pss * 1024;
      continue;
    }
    const rss = readKb(`/proc/${pid}/status`, 'VmRSS:');
    if (rss !== undefined) {
      bytes += rss * 1024;
      measure = 'RSS';
    }
  }
  return { bytes, processes: pids.length, measure };
}

function readKb(file: string, key: string): number | undefined {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(key));
    return line ? Number(line.slice(key.length).trim().split(/\s+/)[0]) : undefined;
  } catch {
    return undefined;
  }
}
