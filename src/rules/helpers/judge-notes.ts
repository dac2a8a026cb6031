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
