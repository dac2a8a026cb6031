import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { describeLock, describeScan, isExisting, listTracedStatements, locksOnExisting, measuredScan, shortName, type StatementAt } from './helpers/walk-statements.js';

export const requireCheckBeforeAttachPartition = defineRule({
  name: 'require-check-before-attach-partition',
  meta: {
    severity: 'warning',
    summary: 'ATTACH PARTITION of an existing table without a validated CHECK matching the bound.',
    why: 'ATTACH PARTITION takes ShareUpdateExclusiveLock on the parent but AccessExclusiveLock on the table being attached (measured), and scans every row of it to prove the partition bound, unless a validated CHECK constraint already implies the bound. A default partition is scanned too, to prove it holds no row of the new range. The review reports it only when the sandbox measured the scan, so a CHECK the deployed table already has counts.',
    safeAlternative:
      "ALTER TABLE ev_2024 ADD CONSTRAINT ev_2024_bound CHECK (at >= '2024-01-01' AND at < '2025-01-01') NOT VALID;\nALTER TABLE ev_2024 VALIDATE CONSTRAINT ev_2024_bound;  -- later transaction, ShareUpdateExclusiveLock\nALTER TABLE ev ATTACH PARTITION ev_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');  -- no scan\nALTER TABLE ev_2024 DROP CONSTRAINT ev_2024_bound;",
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      if (at.statement.kind !== 'AlterTableStmt' || at.traced.error) return [];
      return alterCommands(at.statement)
        .filter((cmd) => cmd.subtype === 'AT_AttachPartition')
        .flatMap((cmd) => {
          const partition = qualifiedName(unwrap(cmd.def, 'PartitionCmd')?.name);
          if (!isExisting(all, at, partition)) return [];
          const lock = describeLock(locksOnExisting(all, at, partition)[0]!);
          const evidence = measuredScan(at, partition);
          if (evidence.measured) {
            // The DEFAULT partition is scanned too, to prove it holds no row of the new range.
            const parent = qualifiedName(at.statement.node.relation);
            const others = (at.traced.reads ?? []).filter((r) => r.seqScans > 0 && r.relation !== partition && r.relation !== parent);
            const defaults = others.map((r) => {
              const held = locksOnExisting(all, at, r.relation)[0];
              return ` It also ${describeScan(r)} (the DEFAULT partition, to prove it holds no row of the new range)${held ? ` while holding ${describeLock(held)}` : ''}.`;
            });
            // No scan measured: a valid CHECK (in the base schema or this change) implies the bound.
            if (!evidence.scan && defaults.length === 0) return [];
            const own = evidence.scan
              ? `Attaching ${shortName(partition)} ${describeScan(evidence.scan)} to prove the partition bound, while holding ${lock}: no valid CHECK on it implies the bound.`
              : `Attaching ${shortName(partition)} read none of its rows (a valid CHECK implies the bound).`;
            return [{ file: at.file, line: at.line, message: `${own}${defaults.join('')}` }];
          }
          if (hasValidatedCheck(all, at, partition)) return [];
          return [{
            file: at.file,
            line: at.line,
            message: `Attaching ${shortName(partition)} scans all its rows under ${lock} (inferred: the scan could not be measured here, and no validated CHECK on it was added earlier in this change).`,
          }];
        });
    });
  },
});

function hasValidatedCheck(all: StatementAt[], at: StatementAt, table: string): boolean {
  const pending = new Set<string>();
  for (const s of all.slice(0, all.indexOf(at))) {
    if (s.statement.kind !== 'AlterTableStmt' || s.traced.error || qualifiedName(s.statement.node.relation) !== table) continue;
    for (const cmd of alterCommands(s.statement)) {
      const c = cmd.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined;
      if (c?.contype === 'CONSTR_CHECK') {
        if (!c.skip_validation) return true;
        pending.add(String(c.conname));
      }
      if (cmd.subtype === 'AT_ValidateConstraint' && pending.has(String(cmd.name))) return true;
    }
  }
  return false;
}
