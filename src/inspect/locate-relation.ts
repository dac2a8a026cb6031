import { describeStatement } from '../sql/describe-statement.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import type { TracedMigration } from '../trace/traced-migration.js';

export interface StatementLocation {
  file: string;
  line: number;
}

/**
 * The statement of the migrations that a catalog fact about a relation ("schema.name") most
 * likely comes from: the last one of the given kinds that names it, else the last one of any
 * kind. Undefined when none does (the fact predates the migrations' statements).
 */
export function locateRelation(migrations: TracedMigration[], relation: string, kinds?: string[]): StatementLocation | undefined {
  const relname = JSON.stringify(relation.slice(relation.indexOf('.') + 1));
  const names = (statement: ParsedStatement) =>
    describeStatement(statement).relations.includes(relation) || JSON.stringify(statement.node).includes(`"relname":${relname}`);
  return (kinds && locateStatement(migrations, (s) => kinds.includes(s.kind) && names(s))) ?? locateStatement(migrations, names);
}

/** The last statement of the migrations that satisfies the test. */
export function locateStatement(migrations: TracedMigration[], test: (statement: ParsedStatement) => boolean): StatementLocation | undefined {
  let found: StatementLocation | undefined;
  for (const migration of migrations) {
    for (const statement of migration.file.statements) {
      if (statement.kind !== 'TransactionStmt' && test(statement)) found = { file: migration.file.path, line: statement.line };
    }
  }
  return found;
}
