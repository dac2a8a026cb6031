import { scanSync } from './parser.js';

export const REDACTED = "'[redacted]'";

/**
 * Replaces the string literal after PASSWORD (CREATE/ALTER ROLE|USER ... PASSWORD '...') with a
 * placeholder, using the real Postgres scanner so quoting and comments cannot fool it.
 * Text that does not scan is returned with every string literal after "password" masked by a
 * conservative regular expression, because printing a secret is worse than printing too little.
 */
export function redactSecrets(sql: string): string {
  if (!/password/i.test(sql)) return sql;
  const bytes = Buffer.from(sql, 'utf8');
  let tokens;
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return sql.replace(/(password\s+)(E?'(?:[^']|'')*')/gi, `$1${REDACTED}`);
  }
  const cuts: Array<{ start: number; end: number }> = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1]!;
    if (token.text.toLowerCase() === 'password' && next.tokenName === 'SCONST') {
      cuts.push({ start: next.start, end: next.end });
    }
  }
  if (cuts.length === 0) return sql;
  const parts: Buffer[] = [];
  let at = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(at, cut.start), Buffer.from(REDACTED));
    at = cut.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}
