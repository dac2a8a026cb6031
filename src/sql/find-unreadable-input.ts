/** Largest migration file any door accepts (PG_DBA_REVIEW_MAX_FILE_BYTES, default 2 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function maxFileBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PG_DBA_REVIEW_MAX_FILE_BYTES);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_FILE_BYTES;
}

/** Decoding replaces every byte sequence that is not UTF-8 with this character. */
const REPLACEMENT = '\uFFFD';

/**
 * Why a file cannot be reviewed as SQL text, or undefined when it can. Pure; every door's
 * files pass through it in runReview (and the App's fetch calls it on the raw bytes, so it
 * stops before reading the history):
 * - over `maxBytes`: a data dump would tie up a sandbox and blow GitHub's output limits;
 * - a NUL byte: Postgres' parser stops at the first one, so the rest of the file would be
 *   neither traced nor judged (a file could hide an `ALTER TABLE` behind one);
 * - not UTF-8 (a Latin-1 or UTF-16 dump, a binary file): given as bytes, a strict decode; given
 *   as text, a U+FFFD, which is what a lenient decode (Node's `readFile(f, 'utf8')`, `git show`)
 *   leaves in place of each invalid sequence.
 */
export function findUnreadableInput(path: string, content: string | Uint8Array, maxBytes: number): string | undefined {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  if (size > maxBytes) {
    return `${path} is ${formatMiB(size)}, over the ${formatMiB(maxBytes)} limit for one file; split it, or move bulk data out of migrations (the operator sets the limit with PG_DBA_REVIEW_MAX_FILE_BYTES)`;
  }
  const notText = (why: string) =>
    `${path} is not a text file (${why}); only UTF-8 text can be reviewed (leave other files out with \`migrations.exclude\`)`;
  if (typeof content === 'string') {
    const nul = content.indexOf('\0');
    if (nul >= 0) return notText(nulReason(lineAt(content, nul)));
    const bad = content.indexOf(REPLACEMENT);
    if (bad >= 0) return notText(`not valid UTF-8 (or a U+FFFD replacement character), first on line ${lineAt(content, bad)}`);
    return undefined;
  }
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.length);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return notText(nulReason(lineAt(bytes, nul)));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return notText(`not valid UTF-8, first on line ${lineAt(bytes, firstInvalidUtf8(bytes))}`);
  }
  return undefined;
}

function nulReason(line: number): string {
  return `a NUL byte on line ${line}; Postgres would stop reading the file there`;
}

function lineAt(content: string | Buffer, index: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i >= 0 && i < index; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

/** Offset of the first byte where a strict decode fails (the decoder does not say). */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoded = bytes.toString('utf8');
  const at = decoded.indexOf(REPLACEMENT);
  return at < 0 ? 0 : Buffer.byteLength(decoded.slice(0, at), 'utf8');
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
