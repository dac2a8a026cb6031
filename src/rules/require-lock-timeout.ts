import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName, tableLocks } from './helpers/walk-statements.js';

export const requireLockTimeout = defineRule({
  name: 'require-lock-timeout',
  meta: {
    severity: 'warning',
    summary: 'A lock that blocks reads or writes of an existing table is requested with lock_timeout = 0.',
    why: 'A lock request waits behind every transaction that already touches the table, and while it waits every later query on the table queues behind it: one long-running SELECT turns a 1 ms ALTER TABLE into an outage of all reads and writes. With lock_timeout the migration gives up instead, and can be retried.',
    safeAlternative: "SET lock_timeout = '2s'; -- before the statement (SET LOCAL inside a transaction), then retry the migration when it times out",
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    const seen = new Set<string>();
    return all.flatMap((at) => {
      if (at.traced.lockTimeout !== '0' || seen.has(at.file)) return [];
      // Tables, partitioned tables, materialized views, and views (CREATE OR REPLACE VIEW locks the view against reads).
      const locked = [...tableLocks(at), ...at.traced.locks.filter((l) => l.relkind === 'v' && !at.createdBefore.has(l.relation))];
      const strong = locked.filter((l) => l.blocks.includes('reads') || l.blocks.includes('writes'));
      if (strong.length === 0) return [];
      seen.add(at.file);
      const locks = strong.map((l) => `${l.mode} on ${shortName(l.relation)} (blocks ${l.blocks.join(', ')})`).join(', ');
      return [{ file: at.file, line: at.line, message: `This statement took ${locks} with lock_timeout = 0: had the table been busy, it would have waited without limit while every query on it queued behind. Reported once per file, at its first such statement.` }];
    });
  },
});
