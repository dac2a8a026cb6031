import { alterCommands } from '../sql/classify-statement.js';
import { qualifiedName, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { isExisting, listTracedStatements, locksOnExisting, shortName, type StatementAt } from './helpers/walk-statements.js';

export const requireCheckBeforeAttachPartition = defineRule({
  name: 'require-check-before-attach-partition',
  meta: {
    severity: 'warning',
    summary: 'ATTACH PARTITION of an existing table without a validated CHECK matching the bound.',
    why: 'ATTACH PARTITION takes ShareUpdateExclusiveLock on the parent but AccessExclusiveLock on the table being attached (measured), and scans every row of it to prove the partition bound, unless a validated CHECK constraint already implies the bound. A default partition is scanned too, to prove it holds no row of the new range.',
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
          if (!isExisting(all, at, partition) || hasValidatedCheck(all, at, partition)) return [];
          const lock = locksOnExisting(all, at, partition)[0]!;
          return [{
            file: at.file,
            line: at.line,
            message: `Attaching ${shortName(partition)} scans all its rows under ${lock.mode} (blocks ${lock.blocks.join(', ')}): no validated CHECK on it was added earlier in this change. If the deployed table already has one matching the bound, ignore this with a directive.`,
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
