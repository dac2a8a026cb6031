/**
 * Markdown inline code that survives any content: the backtick fence is longer than the
 * longest backtick run inside, newlines fold to spaces, and `|` is escaped so the span can sit
 * in a table cell. Every identifier or SQL fragment in the comment goes through here.
 */
export function inlineCode(value: unknown): string {
  const text = String(value ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
  if (text === '') return '';
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
