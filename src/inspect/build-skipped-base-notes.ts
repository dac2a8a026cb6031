import type { SkippedStatement } from '../review/ports.js';
import type { InspectionNote } from './inspection.js';

/**
 * One note per base statement skipped under `migrations.baseSuperuserStatements: skip`: the
 * state the review starts from lacks what that statement did on production. Evidence only: the
 * base-statement-skipped rule says it.
 */
export function buildSkippedBaseNotes(skipped: SkippedStatement[]): InspectionNote[] {
  return skipped.map((s) => ({
    kind: 'base-statement-skipped',
    section: 'questions',
    object: `${s.file}:${s.line}`,
    message: `Base statement skipped (migrations.baseSuperuserStatements: skip): "${oneLine(s.sql)}" needs a privilege the sandbox never gives (${s.reason}), so the review starts from a base without its effect.`,
    file: s.file,
    line: s.line,
  }));
}

function oneLine(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
