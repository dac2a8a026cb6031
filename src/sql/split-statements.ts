import { parseSync } from './parser.js';
import type { MigrationFile } from '../migrations/migration-file.js';
import { LineIndex } from './line-of-offset.js';
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
  const lines = new LineIndex(bytes);
  let raw: RawStatement[];
  try {
    raw = (parseSync(file.content) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (error) {
    return { path: file.path, statements: [], parseError: describeParseError(error, lines), ...(file.noTransaction ? { noTransaction: true } : {}) };
  }

  const statements: ParsedStatement[] = [];
  for (const entry of raw) {
    if (!entry.stmt) continue;
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const slice = bytes.subarray(start, end);
    const leading = offsetOfFirstToken(slice);
    const text = slice.subarray(leading).toString('utf8').trimEnd();
    const [kind, node] = Object.entries(entry.stmt)[0] as [string, Record<string, unknown>];
    statements.push({
      index: statements.length,
      line: lines.lineOf(start + leading),
      text,
      sql: redactSecrets(text),
      kind,
      node,
    });
  }
  return { path: file.path, statements, ...(file.noTransaction ? { noTransaction: true } : {}) };
}

/**
 * Byte offset of the first real token: what precedes it in a statement slice can only be
 * white space and comments (`--` lines, nested block comments). Skipped by hand because a
 * scanSync per statement cut parser throughput several times over (bench/).
 */
function offsetOfFirstToken(slice: Buffer): number {
  let i = 0;
  while (i < slice.length) {
    const c = slice[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) i++;
    else if (c === 0x2d && slice[i + 1] === 0x2d) {
      while (i < slice.length && slice[i] !== 0x0a) i++;
    } else if (c === 0x2f && slice[i + 1] === 0x2a) {
      let depth = 0;
      do {
        if (slice[i] === 0x2f && slice[i + 1] === 0x2a) (depth++, (i += 2));
        else if (slice[i] === 0x2a && slice[i + 1] === 0x2f) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < slice.length);
    } else break;
  }
  return i;
}

function describeParseError(error: unknown, lines: LineIndex): { message: string; line: number } {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  const position = details?.cursorPosition ?? 0;
  const hint = message.includes('"\\"')
    ? ' (psql meta-commands such as \\! or \\i are not SQL and are never run)'
    : /"\{"|"\{\{"/.test(message)
      ? ' (this looks like a templated file: render it before review)'
      : '';
  return { message: message + hint, line: lines.lineOf(position) };
}
