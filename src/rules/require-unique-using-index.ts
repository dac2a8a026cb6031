import { alterCommands } from '../sql/classify-statement.js';
import { listOf, unwrap } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listAlterTablesOnExisting, listTracedStatements, locksOnExisting, shortName } from './helpers/walk-statements.js';

const KINDS: Record<string, string> = { CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_EXCLUSION: 'EXCLUDE' };

export const requireUniqueUsingIndex = defineRule({
  name: 'require-unique-using-index',
  meta: {
    severity: 'error',
    judgedByLockTime: true,
    summary: 'UNIQUE / PRIMARY KEY / EXCLUDE constraint built on an existing table under AccessExclusiveLock.',
    why: 'ADD CONSTRAINT ... UNIQUE or PRIMARY KEY builds its index inside the ALTER TABLE, holding AccessExclusiveLock for the whole build: every read and write of the table waits. An EXCLUDE constraint does the same and cannot use a prebuilt index.',
    safeAlternative:
      'CREATE UNIQUE INDEX CONCURRENTLY t_c_key ON t (c);  -- own migration, outside a transaction\nALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE USING INDEX t_c_key;  -- instant\n-- PRIMARY KEY USING INDEX also needs the columns NOT NULL first (see set-not-null-without-check)',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return listAlterTablesOnExisting(all).flatMap(({ at, table }) => {
      const constraints = alterCommands(at.statement).flatMap((cmd) => {
        if (cmd.subtype === 'AT_AddConstraint') return [unwrap(cmd.def, 'Constraint')];
        if (cmd.subtype === 'AT_AddColumn') return listOf(unwrap(cmd.def, 'ColumnDef')?.constraints).map((c) => unwrap(c, 'Constraint'));
        return [];
      });
      const building = constraints.filter((c) => c && String(c.contype) in KINDS && !c.indexname);
      if (building.length === 0) return [];
      const lock = locksOnExisting(all, at, table)[0]!;
      const names = building.map((c) => KINDS[String(c!.contype)]).join(', ');
      const exclude = building.some((c) => c!.contype === 'CONSTR_EXCLUSION')
        ? ' EXCLUDE cannot use a prebuilt index: add it while the table is new or small, or enforce it another way.'
        : '';
      return [{ file: at.file, line: at.line, message: `${names} on ${shortName(table)} builds its index while ${lock.mode} is held (blocks ${lock.blocks.join(', ')}).${exclude}` }];
    });
  },
});
