/** A fenced ```sql block whose fence is longer than any backtick run in the SQL itself. */
export function fenceSql(sql: unknown): string {
  const text = String(sql ?? '').replace(/\s+$/, '');
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}sql\n${text}\n${fence}`;
}
