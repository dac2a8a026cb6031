import { inlineCode } from './inline-code.js';

/**
 * Where a finding is, as inline code: `file:line`, or for a finding no line of the new files
 * caused (line 0, e.g. an object the base history created) the file alone, said so.
 */
export function formatLocation(finding: { file: string; line: number; origin?: 'base' }): string {
  if (finding.line > 0) return inlineCode(`${finding.file}:${finding.line}`);
  if (finding.file === '') return finding.origin === 'base' ? 'the base history' : 'the change';
  return `${inlineCode(finding.file)} (${finding.origin === 'base' ? 'from the base history, no line of this change' : 'no single line'})`;
}
