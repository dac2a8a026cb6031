import { defineRule } from './define-rule.js';
import { listTracedStatements, shortName } from './helpers/walk-statements.js';

export const banAlterDomainAddConstraint = defineRule({
  name: 'ban-alter-domain-add-constraint',
  meta: {
    severity: 'error',
    summary: 'ALTER DOMAIN ... ADD CONSTRAINT or VALIDATE CONSTRAINT on a domain that existing tables use.',
    why: 'Postgres checks the new domain constraint against every column of that domain in every table, holding ShareLock on each table for the scan: INSERT, UPDATE and DELETE wait. Unlike ALTER TABLE, NOT VALID does not help much: ALTER DOMAIN ... VALIDATE CONSTRAINT was measured to take the same ShareLock, so the scan still blocks writes.',
    safeAlternative:
      'Enforce the rule per table instead: ALTER TABLE t ADD CONSTRAINT t_c_check CHECK (c < 1000000) NOT VALID; then, in a later transaction, ALTER TABLE t VALIDATE CONSTRAINT t_c_check (ShareUpdateExclusiveLock: writes go on). Use a domain with the constraint for new columns only.',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      const subtype = at.statement.node.subtype;
      if (at.statement.kind !== 'AlterDomainStmt' || (subtype !== 'C' && subtype !== 'V') || at.traced.error) return [];
      const locks = at.traced.locks.filter((l) => ['r', 'p', 'm'].includes(l.relkind) && !at.createdBefore.has(l.relation) && l.blocks.includes('writes'));
      if (locks.length === 0) return [];
      const verb = subtype === 'C' ? 'ADD CONSTRAINT' : 'VALIDATE CONSTRAINT';
      return [{ file: at.file, line: at.line, message: `ALTER DOMAIN ... ${verb} scanned ${locks.map((l) => `${shortName(l.relation)} under ${l.mode}`).join(', ')} (blocks ${locks[0]!.blocks.join(', ')}).` }];
    }),
});
