import { listOf } from '../sql/node-helpers.js';
import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { listTracedStatements, nameFromList, shortName } from './helpers/walk-statements.js';

export const banCascade = defineRule({
  name: 'ban-cascade',
  meta: {
    severity: 'error',
    summary: 'DROP ... CASCADE or TRUNCATE ... CASCADE on existing objects.',
    why: 'CASCADE silently extends the statement to every dependent object: DROP ... CASCADE drops views, foreign keys, and for DROP TYPE or DROP SCHEMA whole columns and tables; TRUNCATE ... CASCADE empties every table that references the named one, recursively. What it removes depends on the production schema, not on what the author saw, and it takes AccessExclusiveLock on all of them.',
    safeAlternative:
      'Name every object to drop or truncate explicitly, in dependency order, without CASCADE (RESTRICT is the default), so Postgres refuses instead of removing something unexpected.',
  },
  needs: ['trace'],
  check: (context) => {
    const all = listTracedStatements(context);
    return all.flatMap((at) => {
      const node = at.statement.node;
      const cascade = (at.statement.kind === 'DropStmt' || at.statement.kind === 'TruncateStmt') && node.behavior === 'DROP_CASCADE';
      if (!cascade || at.traced.error) return [];
      const named = new Set(
        at.statement.kind === 'TruncateStmt' ? listOf(node.relations).map(qualifiedName) : listOf(node.objects).map(nameFromList),
      );
      const existing = at.traced.locks.filter((l) => !at.createdBefore.has(l.relation) && l.mode === 'AccessExclusiveLock');
      if (existing.length === 0) return [];
      const others = [...new Set(existing.filter((l) => !named.has(l.relation) && ['r', 'p', 'm', 'v'].includes(l.relkind)).map((l) => shortName(l.relation)))];
      const verb = at.statement.kind === 'TruncateStmt' ? 'TRUNCATE ... CASCADE' : 'DROP ... CASCADE';
      const reach = others.length > 0 ? ` It also took AccessExclusiveLock on ${others.join(', ')}, which it reaches through dependencies.` : ' Here it reached nothing beyond the named objects, but in production it follows whatever depends on them at deploy time.';
      return [{ file: at.file, line: at.line, message: `${verb} on existing objects.${reach}` }];
    });
  },
});
