import type { MigrationFile } from '../migrations/migration-file.js';
import type { ParsedFile } from './parsed-statement.js';
import { splitStatements } from './split-statements.js';

/**
 * Memory the kept files may take, at most: the base histories of the repositories a process
 * reviews. A parsed file (parse trees, lines, redacted text) was measured at ~18× its source.
 */
const CACHE_LIMIT_BYTES = 96 * 1024 ** 2;
const PARSED_BYTES_PER_SOURCE_BYTE = 20;

const parsed = new Map<string, { file: ParsedFile; bytes: number }>();
let cachedBytes = 0;

/**
 * `splitStatements` for already-deployed migrations, remembered by path and text: every review
 * of a repository replays the same base history, and parsing 20,000 of its statements again
 * cost ~250 ms of each warm review on a 10,000-table base, although the change touched one
 * table. Least recently used files leave first. The results are shared between reviews, so
 * the file, its statement list and each statement are frozen (a stage that tried to change one
 * would throw, not corrupt the next review); parse trees are not, and no stage writes to them.
 */
export function splitBaseStatements(file: MigrationFile): ParsedFile {
  const key = `${file.path}\0${file.noTransaction ? 'n' : 't'}\0${file.content}`;
  const hit = parsed.get(key);
  if (hit) {
    parsed.delete(key);
    parsed.set(key, hit);
    return hit.file;
  }
  const result = freeze(splitStatements(file));
  const bytes = Buffer.byteLength(file.content) * PARSED_BYTES_PER_SOURCE_BYTE;
  if (bytes > CACHE_LIMIT_BYTES) return result;
  parsed.set(key, { file: result, bytes });
  cachedBytes += bytes;
  for (const [oldest, entry] of parsed) {
    if (cachedBytes <= CACHE_LIMIT_BYTES) break;
    parsed.delete(oldest);
    cachedBytes -= entry.bytes;
  }
  return result;
}

function freeze(file: ParsedFile): ParsedFile {
  for (const statement of file.statements) Object.freeze(statement);
  Object.freeze(file.statements);
  return Object.freeze(file);
}
