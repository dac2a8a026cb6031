import { LineIndex } from './line-of-offset.js';
import { scanSync } from './parser.js';

/**
 * An inline directive in a migration's `--` comment:
 *
 *   -- pg-dba-review: ignore <rule>[, <rule>...] -- <reason>
 *       on the line of a statement, or on a line above it: that statement's findings of the
 *       named rules are suppressed;
 *   -- pg-dba-review: ignore-file [<rule>, ...] -- <reason>
 *       anywhere in the file: the named rules (all rules when none is named) are suppressed
 *       for the whole file.
 *
 * The reason is required: a directive without one is reported and suppresses nothing.
 */
export interface Directive {
  kind: 'ignore' | 'ignore-file';
  /** Rule names as written; empty only for `ignore-file` (= every rule). */
  rules: string[];
  /** Text after the second `--`; empty when missing. */
  reason: string;
  /** 1-based line of the comment. */
  line: number;
  /** The comment as written, for messages. */
  text: string;
}

export interface DirectiveProblem {
  line: number;
  message: string;
}

export interface ParsedDirectives {
  directives: Directive[];
  /** Comments that start with `pg-dba-review:` but do not follow the grammar. */
  problems: DirectiveProblem[];
}

const PREFIX = /^--\s*pg-dba-review\s*:\s*/i;
const BODY = /^(ignore-file|ignore)\b\s*([^]*?)\s*(?:--\s*([^]*?)\s*)?$/i;

/** Pure: migration text → the directives in its `--` comments (never inside string literals). */
export function parseDirectives(content: string): ParsedDirectives {
  const result: ParsedDirectives = { directives: [], problems: [] };
  for (const comment of listLineComments(content)) {
    const prefix = PREFIX.exec(comment.text);
    if (!prefix) continue;
    const body = comment.text.slice(prefix[0].length).trim();
    const match = BODY.exec(body);
    if (!match) {
      result.problems.push({ line: comment.line, message: `"${comment.text}" is not a directive: write "-- pg-dba-review: ignore <rule> -- <reason>" or "-- pg-dba-review: ignore-file [<rule>] -- <reason>"` });
      continue;
    }
    const kind = match[1]!.toLowerCase() as Directive['kind'];
    const rules = match[2]!.split(/[\s,]+/).filter(Boolean);
    if (kind === 'ignore' && rules.length === 0) {
      result.problems.push({ line: comment.line, message: `"${comment.text}" names no rule: write "-- pg-dba-review: ignore <rule> -- <reason>"` });
      continue;
    }
    result.directives.push({ kind, rules, reason: match[3] ?? '', line: comment.line, text: comment.text });
  }
  return result;
}

/** `--` comments with their line; uses the Postgres scanner, falls back to lines if it fails. */
function listLineComments(content: string): Array<{ text: string; line: number }> {
  const bytes = Buffer.from(content, 'utf8');
  const lines = new LineIndex(bytes);
  try {
    return scanSync(content)
      .tokens.filter((token) => token.tokenName === 'SQL_COMMENT')
      .map((token) => ({ text: bytes.subarray(token.start, token.end).toString('utf8').trim(), line: lines.lineOf(token.start) }));
  } catch {
    return content.split('\n').flatMap((text, i) => {
      const at = text.indexOf('--');
      return at >= 0 ? [{ text: text.slice(at).trim(), line: i + 1 }] : [];
    });
  }
}
