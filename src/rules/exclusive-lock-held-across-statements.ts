import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName } from './helpers/walk-statements.js';

export const exclusiveLockHeldAcrossStatements = defineRule({
  name: 'exclusive-lock-held-across-statements',
  meta: {
    severity: 'warning',
    summary: 'A table stays locked against reads while the same transaction does slow work elsewhere.',
    why: 'Locks are held until the transaction ends. Once a statement has taken AccessExclusiveLock on a table, every later statement of the transaction extends that lock: a data change, an index build or a rewrite of another table keeps the first table unreadable for its whole duration, although the statement that took the lock needed a millisecond.',
    safeAlternative:
      'Commit right after the statement that takes AccessExclusiveLock: put the slow work (backfills, index builds, rewrites of other tables) in its own migration or transaction, or do it first, before the quick ALTER.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      if (at.traced.error) return [];
      const work = slowWork(at);
      if (!work) return [];
      const held = all
        .filter((s) => s.migration === at.migration && s.transaction === at.transaction && s.position < at.position)
        .flatMap((s) => s.traced.locks.filter((l) => l.mode === 'AccessExclusiveLock' && ['r', 'p', 'm'].includes(l.relkind) && !s.createdBefore.has(l.relation)).map((lock) => ({ lock, line: s.line })))
        .filter(({ lock }) => !work.relations.includes(lock.relation));
      if (held.length === 0) return [];
      const tables = [...new Set(held.map(({ lock, line }) => `${shortName(lock.relation)} (since line ${line})`))].join(', ');
      return [{ file: at.file, line: at.line, message: `${work.what}; meanwhile ${tables} ${held.length > 1 ? 'stay' : 'stays'} under AccessExclusiveLock, blocking reads and writes until the transaction commits.` }];
    });
  },
});

/** What makes this statement slow on production data, and which relations it works on. */
function slowWork(at: ReturnType<typeof listTracedStatements>[number]): { what: string; relations: string[] } | undefined {
  const t = at.traced;
  const own = t.locks.map((l) => l.relation);
  if (t.rewrites.length > 0) return { what: `This statement rewrites ${t.rewrites.map(shortName).join(', ')} (${t.durationMs} ms here)`, relations: [...own, ...t.rewrites] };
  if (['UpdateStmt', 'DeleteStmt', 'InsertStmt'].includes(at.statement.kind) && (t.rows ?? 0) > 0) {
    return { what: `This data change touches ${t.rows} rows here (${t.durationMs} ms), all rows in production`, relations: own };
  }
  const build = t.locks.find((l) => l.mode === 'ShareLock' && ['r', 'p', 'm'].includes(l.relkind));
  if (at.statement.kind === 'IndexStmt' && build) return { what: `This index build reads all of ${shortName(build.relation)}`, relations: own };
  return undefined;
}
