import { parseSync, scanSync } from './parser.js';
import type { MigrationFile } from '../migrations/migration-file.js';
import { lineOfByteOffset } from './line-of-offset.js';
import type { ParsedFile, ParsedStatement } from './parsed-statement.js';
import { redactSecrets } from './redact-secrets.js';

interface RawStatement {
  stmt?: Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Splits a migration into statements with the Postgres grammar (libpg-query). The parser's
 * locations are UTF-8 byte offsets, so the file is sliced as a Buffer. A file that does not
 * parse yields no statements and a parse error on the offending line: running half a file
 * that Postgres would reject whole would only mislead.
 */
export function splitStatements(file: MigrationFile): ParsedFile {
  const bytes = Buffer.from(file.content, 'utf8');
  let raw: RawStatement[];
  try {
    raw = (parseSync(file.content) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (error) {
    return { path: file.path, statements: [], parseError: describeParseError(error, bytes) };
  }

  const statements: ParsedStatement[] = [];
  for (const entry of raw) {
    if (!entry.stmt) continue;
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const slice = bytes.subarray(start, end).toString('utf8');
    const leading = offsetOfFirstToken(slice);
    const text = Buffer.from(slice, 'utf8').subarray(leading).toString('utf8').trimEnd();
    const [kind, node] = Object.entries(entry.stmt)[0] as [string, Record<string, unknown>];
    statements.push({
      index: statements.length,
      line: lineOfByteOffset(bytes, start + leading),
      text,
      sql: redactSecrets(text),
      kind,
      node,
    });
  }
  return { path: file.path, statements };
}

/** Byte offset of the first real token, skipping the comments and blank lines before it. */
function offsetOfFirstToken(slice: string): number {
  try {
    const first = scanSync(slice).tokens[0];
    return first ? first.start : 0;
  } catch {
    return Buffer.byteLength(slice.slice(0, slice.length - slice.trimStart().length), 'utf8');
  }
}

function describeParseError(error: unknown, bytes: Buffer): { message: string; line: number } {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  const position = details?.cursorPosition ?? 0;
  const hint = message.includes('"\\"')
    ? ' (psql meta-commands such as \\! or \\i are not SQL and are never run)'
    : /"\{"|"\{\{"/.test(message)
      ? ' (this looks like a templated file: render it before review)'
      : '';
  return { message: message + hint, line: lineOfByteOffset(bytes, position) };
}
