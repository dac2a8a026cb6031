import { scanSync } from './parser.js';

export const REDACTED = "'[redacted]'";
const MASK = '[redacted]';

/** Cheap pre-check: text without any of these holds none of the forms below. */
const MAY_HOLD_SECRET = /passw|:\/\//i;

/**
 * The forms found in any text (SQL at any depth of quoting, error messages, conninfo strings):
 * - `PASSWORD 'x'`, and the same inside a literal, with the quotes doubled once per level
 *   (`EXECUTE 'ALTER ROLE a PASSWORD ''x'''`), and `OPTIONS (password 'x')`;
 * - key/value `password=x` or `password = 'x'` (libpq conninfo: `dblink_connect`, `CREATE
 *   SERVER ... OPTIONS`, `ALTER SYSTEM`-style settings) and JSON `"password": "x"`;
 * - the password of a URI: `postgres://user:x@host/db`.
 * Each pattern's group `secret` is what is masked.
 */
const PATTERNS: RegExp[] = [
  // keyword, then a run of quotes; the secret runs to the next run of as many quotes (a run
  // twice as long, or a multiple of that, is a quote inside the secret).
  /(?<head>\b(?:password|passwd)(?:\s*=\s*|\s+)E?(?<quotes>'+))(?<secret>(?:[^']|(?:\k<quotes>\k<quotes>)+(?!'))+)(?<tail>\k<quotes>)/gi,
  // key=value without quotes (conninfo), up to whitespace or a delimiter; not a function call.
  /(?<head>\b(?:password|passwd)\s*=\s*)(?<secret>[^\s'"&;,()]+)(?<tail>)(?![(\w])/gi,
  /(?<head>"(?:password|passwd)"\s*:\s*")(?<secret>(?:[^"\\]|\\.)+)(?<tail>")/gi,
  /(?<head>\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"?#]*:)(?<secret>[^\s@/'"]+)(?<tail>@)/gi,
];

/**
 * The text with every secret masked, for anything shown to a person or written to a log
 * (statement SQL, error messages, the Review's strings). `PASSWORD 'x'` in SQL is found with
 * the real Postgres scanner (quoting and comments cannot fool it) and replaced whole; the
 * patterns above then catch the forms no token shows (dynamic SQL inside a literal, conninfo,
 * URIs), masking only the secret. Printing a secret is worse than masking too much.
 */
export function redactSecrets(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = redactPasswordTokens(text);
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (...args: unknown[]) => {
      const { head, tail } = args.at(-1) as { head: string; tail: string };
      return `${head}${MASK}${tail}`;
    });
  }
  return out;
}

/**
 * The secret values in a text (as written there, quotes undoubled once), to be masked
 * wherever else they show up: Postgres may echo a statement's literal in an error message
 * without the keyword that marks it as a password.
 */
export function listSecrets(text: string): string[] {
  if (!MAY_HOLD_SECRET.test(text)) return [];
  const found = new Set<string>();
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const secret = match.groups?.secret;
      if (!secret || secret === MASK) continue;
      found.add(secret);
      found.add(secret.replace(/''/g, "'"));
    }
  }
  return [...found];
}

/** Secrets shorter than this are not masked elsewhere: "abc" would mask every "abc". */
const MIN_ECHOED_SECRET = 6;

/** Masks every occurrence of the given secret values (from listSecrets), then the patterns. */
export function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_ECHOED_SECRET && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return redactSecrets(out);
}

/** PASSWORD (or an `password` option name) followed by a string literal token. */
function redactPasswordTokens(sql: string): string {
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return sql;
  }
  const cuts: Array<{ start: number; end: number }> = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1]!;
    if (token.text.toLowerCase() === 'password' && next.tokenName === 'SCONST') cuts.push({ start: next.start, end: next.end });
  }
  if (cuts.length === 0) return sql;
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(at, cut.start), Buffer.from(REDACTED));
    at = cut.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}
