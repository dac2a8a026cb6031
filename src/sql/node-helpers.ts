/** Small readers over libpg-query's JSON parse nodes, shared by summaries and rules. */

type Node = Record<string, unknown>;

/** Unwraps `{ "RangeVar": {...} }`-style wrappers; returns the inner object or undefined. */
export function unwrap(value: unknown, kind: string): Node | undefined {
  if (value && typeof value === 'object' && kind in (value as Node)) return (value as Node)[kind] as Node;
  return undefined;
}

/** "schema.name" (schema defaults to public) from a RangeVar node. */
export function qualifiedName(rangeVar: unknown): string | undefined {
  const rv = (unwrap(rangeVar, 'RangeVar') ?? rangeVar) as Node | undefined;
  if (!rv || typeof rv.relname !== 'string') return undefined;
  const schema = typeof rv.schemaname === 'string' ? rv.schemaname : 'public';
  return `${schema}.${rv.relname}`;
}

export function stringValues(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => (unwrap(item, 'String')?.sval as string | undefined) ?? '').filter(Boolean);
}

export function listOf(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : [];
}
