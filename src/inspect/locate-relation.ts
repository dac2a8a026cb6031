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
  const index = indexOf(migrations);
  const relname = relation.slice(relation.indexOf('.') + 1);
  // Statements that name it: as a relation they describe, or as any `relname` in their tree.
  const positions = [...new Set([...(index.byRelation.get(relation) ?? []), ...(index.byRelname.get(relname) ?? [])])].sort((a, b) => a - b);
  const last = (test: (entry: IndexedStatement) => boolean) => {
    for (let i = positions.length - 1; i >= 0; i--) {
      const entry = index.statements[positions[i]!]!;
      if (test(entry)) return entry.location;
    }
    return undefined;
  };
  return (kinds && last((entry) => kinds.includes(entry.statement.kind))) ?? last(() => true);
}

/** The last CREATE INDEX of the migrations that names the index `idxname`. */
export function locateIndexStatement(migrations: TracedMigration[], idxname: string): StatementLocation | undefined {
  const positions = indexOf(migrations).byIndexName.get(idxname);
  return positions ? indexOf(migrations).statements[positions.at(-1)!]!.location : undefined;
}

/** The last CREATE TABLE / ALTER TABLE of the migrations with a foreign key that names the table `relname`. */
export function locateForeignKeyStatement(migrations: TracedMigration[], relname: string): StatementLocation | undefined {
  const index = indexOf(migrations);
  const positions = index.byRelname.get(relname) ?? [];
  for (let i = positions.length - 1; i >= 0; i--) {
    const entry = index.statements[positions[i]!]!;
    if (['AlterTableStmt', 'CreateStmt'].includes(entry.statement.kind) && entry.json.includes('CONSTR_FOREIGN')) return entry.location;
  }
  return undefined;
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

interface IndexedStatement {
  statement: ParsedStatement;
  location: StatementLocation;
  /** The parse tree as JSON, serialised once. */
  json: string;
}

interface StatementIndex {
  statements: IndexedStatement[];
  /** Positions in `statements`, in order, of the statements that describe a relation "schema.name". */
  byRelation: Map<string, number[]>;
  /** ... whose tree has a `relname` of this value. */
  byRelname: Map<string, number[]>;
  /** ... that are a CREATE INDEX of this name. */
  byIndexName: Map<string, number[]>;
}

/**
 * Built once per list of migrations: every inspector asks where dozens of facts come from, and
 * scanning (and serialising) every statement for each of them made the inspection quadratic in
 * the number of statements.
 */
const indexes = new WeakMap<TracedMigration[], StatementIndex>();

function indexOf(migrations: TracedMigration[]): StatementIndex {
  const cached = indexes.get(migrations);
  if (cached) return cached;
  const index: StatementIndex = { statements: [], byRelation: new Map(), byRelname: new Map(), byIndexName: new Map() };
  const add = (map: Map<string, number[]>, key: string, position: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [position]);
    else if (list.at(-1) !== position) list.push(position);
  };
  for (const migration of migrations) {
    for (const statement of migration.file.statements) {
      if (statement.kind === 'TransactionStmt') continue;
      const position = index.statements.length;
      index.statements.push({ statement, location: { file: migration.file.path, line: statement.line }, json: JSON.stringify(statement.node) });
      for (const relation of describeStatement(statement).relations) add(index.byRelation, relation, position);
      collectRelnames(statement.node, (relname) => add(index.byRelname, relname, position));
      if (statement.kind === 'IndexStmt' && typeof statement.node.idxname === 'string') add(index.byIndexName, statement.node.idxname, position);
    }
  }
  indexes.set(migrations, index);
  return index;
}

function collectRelnames(value: unknown, found: (relname: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRelnames(item, found);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'relname' && typeof child === 'string') found(child);
    else collectRelnames(child, found);
  }
}
