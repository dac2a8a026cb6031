import { qualifiedName, unwrap } from './node-helpers.js';
import type { ParsedStatement } from './parsed-statement.js';
import { parseSync, scanSync } from './parser.js';

export interface AddedCheck {
  /** "schema.name" of the table the constraint is added to. */
  table: string;
  /** The CHECK's expression as the author wrote it, without the parentheses around it. */
  expression: string;
}

interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
}

/**
 * Pure: the table CHECK constraints an ALTER TABLE adds (`ADD [CONSTRAINT name] CHECK (...)`,
 * NOT VALID ones included: a later VALIDATE scans for them), each with its expression cut out
 * of the author's text by the Postgres scanner: from the parenthesis after CHECK to its match,
 * so string literals and comments holding parentheses are skipped as Postgres skips them
 * (comments are blanked out with spaces).
 * Column constraints of ADD COLUMN are not listed (the column does not exist before).
 */
export function listAddedChecks(statement: ParsedStatement): AddedCheck[] {
  if (statement.kind !== 'AlterTableStmt') return [];
  const table = qualifiedName(statement.node.relation);
  if (!table) return [];
  // Locations of the file's parse are file offsets: the statement's own parse gives offsets into its text.
  let cmds: unknown[];
  try {
    const stmt = (parseSync(statement.text) as { stmts?: Array<{ stmt?: Record<string, Record<string, unknown>> }> }).stmts?.[0]?.stmt;
    cmds = (stmt?.AlterTableStmt?.cmds as unknown[] | undefined) ?? [];
  } catch {
    return [];
  }
  const bytes = Buffer.from(statement.text, 'utf8');
  const all = scanSync(statement.text).tokens as Token[];
  // Comments become spaces: the expression goes into another statement, where a `--` would swallow the rest of its line.
  for (const t of all) if (t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT') bytes.fill(0x20, t.start, t.end);
  const tokens = all.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  const checks: AddedCheck[] = [];
  for (const entry of cmds) {
    const cmd = unwrap(entry, 'AlterTableCmd');
    if (cmd?.subtype !== 'AT_AddConstraint') continue;
    const constraint = unwrap(cmd.def, 'Constraint');
    if (constraint?.contype !== 'CONSTR_CHECK' || typeof constraint.location !== 'number') continue;
    const expression = parenthesizedAfterCheck(tokens, bytes, constraint.location);
    if (expression !== undefined) checks.push({ table, expression });
  }
  return checks;
}

/** The text inside the parentheses that follow the first CHECK at or after byte `from`. */
function parenthesizedAfterCheck(tokens: Token[], bytes: Buffer, from: number): string | undefined {
  const check = tokens.findIndex((t) => t.start >= from && t.text.toUpperCase() === 'CHECK');
  if (check < 0 || tokens[check + 1]?.text !== '(') return undefined;
  let depth = 0;
  for (let i = check + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return bytes.subarray(tokens[check + 1]!.end, t.start).toString('utf8').trim();
  }
  return undefined;
}
