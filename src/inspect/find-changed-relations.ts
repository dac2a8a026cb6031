import type { CatalogSnapshot } from './catalog-snapshot.js';
import { groupBy } from '../shared/group-by.js';

/** Each snapshot's signatures, computed once: three inspectors ask for the same pair. */
const signaturesOf = new WeakMap<CatalogSnapshot, Map<string, string>>();

/**
 * Relations the migrations created or changed (columns, indexes, constraints, policies, RLS
 * flags, persistence, grants): the inspectors judge these, not problems the base already had.
 */
export function findChangedRelations(before: CatalogSnapshot, after: CatalogSnapshot): Set<string> {
  const then = signatures(before);
  const changed = new Set<string>();
  for (const [name, signature] of signatures(after)) if (then.get(name) !== signature) changed.add(name);
  return changed;
}

function signatures(snapshot: CatalogSnapshot): Map<string, string> {
  const cached = signaturesOf.get(snapshot);
  if (cached) return cached;
  // Grouped by table in one pass each (in catalog order), not filtered once per relation:
  // on a 1,000-table history the per-relation filters cost ~0.4 s per review.
  const indexes = groupBy(snapshot.indexes, (item) => item.table);
  const constraints = groupBy(snapshot.constraints, (item) => item.table);
  const policies = groupBy(snapshot.policies, (item) => item.table);
  const map = new Map<string, string>();
  for (const r of snapshot.relations) {
    const { oid: _oid, bytes: _bytes, ...shape } = r;
    map.set(
      r.name,
      JSON.stringify({
        shape,
        indexes: (indexes.get(r.name) ?? []).map(({ bytes: _b, ...i }) => i),
        constraints: constraints.get(r.name) ?? [],
        policies: policies.get(r.name) ?? [],
      }),
    );
  }
  signaturesOf.set(snapshot, map);
  return map;
}

