/** A statement of a migration file, cut out by the real Postgres parser. */
export interface ParsedStatement {
  /** 0-based position in its file. */
  index: number;
  /** 1-based line of the statement's first token. */
  line: number;
  /** The author's exact text, to send to Postgres. Never print it: it may hold secrets. */
  text: string;
  /** The same text with secrets (passwords) redacted: the only form that is ever shown. */
  sql: string;
  /** The parse-node name, e.g. "AlterTableStmt", "IndexStmt". */
  kind: string;
  /** The parse node itself (libpg-query JSON), for rules and summaries. */
  node: Record<string, unknown>;
}

export interface ParseProblem {
  message: string;
  line: number;
}

/** A migration file split into statements, or the parser's objection with its line. */
export interface ParsedFile {
  path: string;
  statements: ParsedStatement[];
  parseError?: ParseProblem;
  /** The migration tool runs this file outside a transaction (see MigrationFile). */
  noTransaction?: true;
}
