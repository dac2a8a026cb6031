import type { CatalogSnapshot } from './catalog-snapshot.js';

/**
 * Relations the migrations created or changed (columns, indexes, constraints, policies, RLS
 * flags, persistence, grants): the inspectors judge these, not problems the base already had.
 */
export function findChangedRelations(before: CatalogSnapshot, after: CatalogSnapshot): Set<string> {
  const signatures = (snapshot: CatalogSnapshot) => {
    const map = new Map<string, string>();
    for (const r of snapshot.relations) {
      const { oid: _oid, bytes: _bytes, ...shape } = r;
      map.set(r.name, JSON.stringify({
        shape,
        indexes: snapshot.indexes.filter((i) => i.table === r.name).map(({ bytes: _b, ...i }) => i),
        constraints: snapshot.constraints.filter((c) => c.table === r.name),
        policies: snapshot.policies.filter((p) => p.table === r.name),
      }));
    }
    return map;
  };
  const then = signatures(before);
  const changed = new Set<string>();
  for (const [name, signature] of signatures(after)) if (then.get(name) !== signature) changed.add(name);
  return changed;
}
