import { parseSync, scanSync } from '../sql/parser.js';
import { defineRule } from './define-rule.js';
import { shortName } from './helpers/walk-statements.js';

export const requireFkOnDelete = defineRule({
  name: 'require-fk-on-delete',
  meta: {
    severity: 'info',
    summary: 'A foreign key does not say what happens ON DELETE of the referenced row.',
    why: 'Without ON DELETE the default is NO ACTION: deleting a referenced row fails while a referencing row exists. That may be right, but written implicitly nobody can tell whether it was decided; CASCADE, SET NULL and RESTRICT each change what a DELETE in production does.',
    safeAlternative: 'org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT  -- or CASCADE / SET NULL, written on purpose',
  },
  needs: ['statements'],
  check: ({ files }) =>
    files.flatMap((file) =>
      file.statements.flatMap((statement) => {
        if (statement.kind !== 'CreateStmt' && statement.kind !== 'AlterTableStmt') return [];
        return listForeignKeysWithoutOnDelete(statement.text).map((referenced) => ({
          file: file.path,
          line: statement.line,
          message: `The foreign key to ${shortName(referenced)} has no ON DELETE clause: deleting from ${shortName(referenced)} is refused while rows point to it (NO ACTION).`,
        }));
      }),
    ),
});

/**
 * ON DELETE NO ACTION and no clause at all parse the same, so the statement is parsed again on
 * its own (locations relative to its text) and each FOREIGN KEY / REFERENCES clause is read
 * token by token up to the next top-level comma.
 */
function listForeignKeysWithoutOnDelete(text: string): string[] {
  let tree: unknown;
  let tokens: Array<{ start: number; text: string }>;
  try {
    tree = parseSync(text);
    tokens = scanSync(text).tokens;
  } catch {
    return [];
  }
  const found: string[] = [];
  visit(tree, (node) => {
    const constraint = (node as { Constraint?: Record<string, unknown> }).Constraint;
    if (constraint?.contype !== 'CONSTR_FOREIGN') return;
    const start = Number(constraint.location ?? 0);
    let depth = 0;
    const words: string[] = [];
    for (const token of tokens) {
      if (token.start < start) continue;
      if (token.text === '(') depth++;
      if (token.text === ')') depth--;
      if (depth < 0 || (depth === 0 && token.text === ',')) break;
      words.push(token.text.toUpperCase());
    }
    const clause = words.join(' ');
    if (!/\bON DELETE\b/.test(clause)) {
      const pk = constraint.pktable as Record<string, unknown> | undefined;
      found.push(`${typeof pk?.schemaname === 'string' ? pk.schemaname : 'public'}.${String(pk?.relname)}`);
    }
  });
  return found;
}

function visit(value: unknown, callback: (node: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, callback);
    return;
  }
  if (!value || typeof value !== 'object') return;
  callback(value);
  for (const child of Object.values(value)) visit(child, callback);
}
