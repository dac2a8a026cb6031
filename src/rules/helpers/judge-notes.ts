import type { InspectionNote } from '../../inspect/inspection.js';
import type { RuleContext, RuleHit } from '../define-rule.js';

/**
 * The inspection facts of one kind as hits of the rule that judges them, with the fact's
 * evidence attached. `select` keeps only those the rule finds worth a human's time. A fact
 * without a statement of its own (the base history made it so, or nothing located it) sits on
 * line 0 of the file that touched it, else of the first new file.
 */
export function judgeNotes(context: RuleContext, kind: string, select: (note: InspectionNote) => boolean = () => true): RuleHit[] {
  const fallback = context.files[0]?.path ?? '';
  return (context.catalog?.notes ?? []).filter((note) => note.kind === kind && select(note)).map((note) => hitFromNote(note, fallback));
}

export function hitFromNote(note: InspectionNote, fallbackFile: string): RuleHit {
  return {
    file: note.file ?? fallbackFile,
    line: note.origin === 'base' ? 0 : (note.line ?? 0),
    message: note.message,
    ...(note.sql ? { fix: note.sql } : {}),
    ...(note.origin ? { origin: note.origin } : {}),
    evidence: {
      kind: note.kind,
      object: note.object,
      ...(note.sql ? { sql: note.sql } : {}),
      ...(note.rows !== undefined ? { rows: note.rows } : {}),
      ...(note.bytes !== undefined ? { bytes: note.bytes } : {}),
    },
  };
}

/**
 * The data-destroyed fact measured for a statement (rows the table held, its bytes), for the
 * rules that judge drops themselves (ban-drop-table, ban-drop-column): they carry it as their
 * evidence and words, so the fact is said once, by them.
 */
export function destroyedData(context: RuleContext, file: string, line: number, table: string): { words: string; evidence: RuleHit['evidence'] } | undefined {
  const note = (context.catalog?.notes ?? []).find((n) => n.kind === 'data-destroyed' && n.file === file && n.line === line && n.object === table);
  if (!note || note.rows === undefined || note.rows === 0) return undefined;
  const size = note.bytes === undefined ? '' : `, ${formatBytes(note.bytes)}`;
  return {
    words: ` It held ${note.rows} ${note.rows === 1 ? 'row' : 'rows'}${size} in the sandbox before the migrations: keep a copy first (pg_dump --table=${table} --data-only).`,
    evidence: { kind: 'data-destroyed', object: table, rows: note.rows, ...(note.bytes !== undefined ? { bytes: note.bytes } : {}) },
  };
}

/** Statements whose data loss a rule of its own judges: drops of tables and columns. */
export function isDropJudgedElsewhere(context: RuleContext, note: InspectionNote): boolean {
  const statement = context.files.find((f) => f.path === note.file)?.statements.find((s) => s.line === note.line);
  if (!statement) return false;
  if (statement.kind === 'DropStmt') return true;
  return statement.kind === 'AlterTableStmt' && JSON.stringify(statement.node).includes('"AT_DropColumn"');
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
