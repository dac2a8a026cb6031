import type { Review } from './review.js';

/**
 * The review with every sandbox role name (a branch's own names for the author's roles, see
 * sandbox/role-names.ts) replaced by the author's, in every text: errors, messages, SQL of
 * inspections, the schema diff. Names are replaced longest first so none eats a longer one.
 */
export function restoreRoleNamesIn(review: Review, names: ReadonlyMap<string, string>): Review {
  const pairs = [...names].sort((a, b) => b[0].length - a[0].length);
  const restore = (text: string) => pairs.reduce((out, [sandbox, author]) => (out.includes(sandbox) ? out.split(sandbox).join(author) : out), text);
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return restore(value);
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, visit(child)]));
    return value;
  };
  return visit(review) as Review;
}
