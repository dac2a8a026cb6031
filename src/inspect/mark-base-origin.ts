import type { InspectionNote } from './inspection.js';

/**
 * A fact the base history already had (RLS enabled by an applied migration, an existing
 * foreign key...), about an object the reviewed migrations only touched: it says so, and points
 * at no line of the new files, since none caused it (the file that touched the object stays, so that
 * an ignore-file directive there still applies). The rule that judges it reports it as info
 * (run-rules.ts): shown and named, but not this change's decision.
 */
export function markBaseOrigin(note: InspectionNote): InspectionNote {
  const { line: _line, ...rest } = note;
  return { ...rest, origin: 'base', message: `${note.message} (Already so before this change: the base history made it so; this change only touches ${note.object}.)` };
}
