import type pg from 'pg';
import type { Branch } from '../review/ports.js';
import { recordDerivation, type CatalogSnapshot, type ConstraintSnapshot, type IndexSnapshot, type PolicySnapshot, type RelationSnapshot, type TriggerSnapshot } from './catalog-snapshot.js';
import { getCatalogSnapshot } from './get-catalog-snapshot.js';

/** What changed since the base, as found in the catalog: the relations to read again, or all. */
interface Touched {
  /** Relations (tables, views, sequences...; an index counts as its table) to read again. */
  oids: number[];
  /** A schema, type or function changed: names and expressions of untouched relations may read differently. */
  everything: boolean;
}

/** Whether a schema, a type of its own or a function changed since $1: then untouched relations may read differently. */
const GLOBALS_CHANGED = `EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE pg_catalog.age(n.xmin) <= pg_catalog.age($1::xid))
       -- a type of its own, not the row type of a relation or that row type's array
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.typrelid = 0 AND pg_catalog.age(t.xmin) <= pg_catalog.age($1::xid)
                    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE pg_catalog.age(p.xmin) <= pg_catalog.age($1::xid))`;

/**
 * Relations whose catalog rows were written since transaction `since` (pg_class, and the rows
 * of their columns, defaults, indexes, constraints, policies, triggers and view rules), the
 * relations of the base that no longer exist, and those that depend on a changed one (views,
 * foreign keys pointing at it), read in the branch's session: a seq scan of each catalog, no
 * deparsing, so a few milliseconds where the full snapshot took hundreds on 10,000 tables.
 */
const TOUCHED_SQL = `
WITH changed AS (
  SELECT c.oid FROM pg_catalog.pg_class c WHERE pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT a.attrelid FROM pg_catalog.pg_attribute a WHERE pg_catalog.age(a.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT d.adrelid FROM pg_catalog.pg_attrdef d WHERE pg_catalog.age(d.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT i.indrelid FROM pg_catalog.pg_index i WHERE pg_catalog.age(i.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT con.conrelid FROM pg_catalog.pg_constraint con WHERE pg_catalog.age(con.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT con.confrelid FROM pg_catalog.pg_constraint con WHERE pg_catalog.age(con.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT p.polrelid FROM pg_catalog.pg_policy p WHERE pg_catalog.age(p.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE pg_catalog.age(t.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE pg_catalog.age(r.xmin) <= pg_catalog.age($1::xid)
  UNION SELECT o::pg_catalog.oid FROM pg_catalog.unnest($2::int8[]) o
), tables AS (
  -- an index (or its TOAST) stands for its table
  SELECT COALESCE(i.indrelid, t.oid, ch.oid) AS oid
    FROM changed ch
    LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = ch.oid
    LEFT JOIN pg_catalog.pg_class t ON t.reltoastrelid = ch.oid
), dependents AS (
  SELECT oid FROM tables
  UNION SELECT con.conrelid FROM pg_catalog.pg_constraint con WHERE con.confrelid IN (SELECT oid FROM tables)
  UNION SELECT r.ev_class FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_rewrite r ON r.oid = dep.objid
   WHERE dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
     AND dep.refobjid IN (SELECT oid FROM tables)
)
SELECT COALESCE((SELECT pg_catalog.array_agg(oid::int8) FROM dependents WHERE oid <> 0), '{}') AS oids,
       ${GLOBALS_CHANGED} AS everything`;

/**
 * The same answer when every relation whose rows the change wrote is known to have been locked
 * by it (`$2`, found by the trace) or has a newer pg_class row (a new relation, a rename, a
 * rewrite, a grant): only pg_class is scanned, the rest is looked up by oid through the
 * catalogs' indexes, so the cost follows the change, not the schema (the scans of pg_attribute,
 * pg_constraint, pg_trigger... took ~70 ms on 10,000 tables). An index or a TOAST table stands
 * for its table.
 */
const CHANGED_BY_LOCKED_SQL = `
SELECT COALESCE(pg_catalog.array_agg(DISTINCT COALESCE(
         (SELECT i.indrelid FROM pg_catalog.pg_index i WHERE i.indexrelid = ch.oid),
         CASE WHEN ch.relkind = 't' THEN (SELECT d.refobjid FROM pg_catalog.pg_depend d
                                           WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = ch.oid AND d.objsubid = 0
                                             AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'i' LIMIT 1) END,
         ch.oid)::int8), '{}') AS oids
  FROM (SELECT c.oid, c.relkind FROM pg_catalog.pg_class c WHERE pg_catalog.age(c.xmin) <= pg_catalog.age($1::xid)
        UNION SELECT o::pg_catalog.oid, NULL FROM pg_catalog.unnest($2::int8[]) o) ch`;

/** Those tables, the tables whose foreign keys point at one and the views that read one ($2), by index lookups; and GLOBALS_CHANGED. */
const DEPENDENTS_SQL = `
SELECT COALESCE((SELECT pg_catalog.array_agg(DISTINCT x.oid::int8) FROM (
          SELECT pg_catalog.unnest($2::pg_catalog.oid[]) AS oid
          UNION SELECT con.conrelid FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_constraint con ON con.oid = dep.objid
           WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid = ANY ($2::pg_catalog.oid[])
             AND dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
          UNION SELECT r.ev_class FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_rewrite r ON r.oid = dep.objid
           WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid = ANY ($2::pg_catalog.oid[])
             AND dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass) x WHERE x.oid <> 0), '{}') AS oids,
       ${GLOBALS_CHANGED} AS everything`;

/** The transaction id to read changes from: everything written after this call has a newer one. */
export async function currentTransactionId(client: pg.Client): Promise<string> {
  return (await client.query<{ xid: string }>('SELECT pg_catalog.pg_current_xact_id()::xid::text AS xid')).rows[0]!.xid;
}

/**
 * The branch's catalog now, read as the part that changed since `since` merged into `base`
 * (the catalog at that point): on a large schema a change touches a few relations, and reading
 * every relation again was most of a warm review. `locked` are relations (by name) the trace
 * saw locked, which a statement may have changed without leaving a newer catalog row (a
 * dropped constraint, policy or trigger). When a schema, a type or a function changed, every
 * relation may read differently (qualified names, column types, default expressions) and the
 * whole catalog is read. `lockedOids` adds relations by oid. `lockedIsComplete`: these hold every relation the change locked (as
 * the trace knows when no statement ran outside a transaction block), so the other catalogs need
 * not be scanned for rows the change wrote (see CHANGED_BY_LOCKED_SQL).
 */
export async function snapshotChanges(branch: Branch, base: CatalogSnapshot, since: string, locked: Iterable<string>, options: { lockedIsComplete?: boolean; lockedOids?: Iterable<number> } = {}): Promise<CatalogSnapshot> {
  const client = await branch.connect('pg-dba-review inspect');
  try {
    const lockedOids = new Set<number>(options.lockedOids ?? []);
    const { relationOids, indexTables } = namesOf(base);
    for (const name of locked) {
      const oid = relationOids.get(name) ?? relationOids.get(indexTables.get(name) ?? '');
      if (oid !== undefined) lockedOids.add(oid);
    }
    const touched = options.lockedIsComplete ? await findTouchedByLocked(client, since, [...lockedOids]) : await findTouched(client, since, [...lockedOids]);
    if (touched.everything) return await getCatalogSnapshot(client);
    return mergeSnapshot(base, await getCatalogSnapshot(client, touched.oids), new Set(touched.oids));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findTouchedByLocked(client: pg.Client, since: string, locked: number[]): Promise<Touched> {
  const changed = (await client.query<{ oids: Array<string | number> }>(CHANGED_BY_LOCKED_SQL, [since, locked])).rows[0]!.oids.map(Number);
  const row = (await client.query<{ oids: Array<string | number>; everything: boolean }>(DEPENDENTS_SQL, [since, changed])).rows[0]!;
  return { oids: row.oids.map(Number), everything: row.everything };
}

async function findTouched(client: pg.Client, since: string, extra: number[]): Promise<Touched> {
  const row = (await client.query<{ oids: Array<string | number>; everything: boolean }>(TOUCHED_SQL, [since, extra])).rows[0]!;
  return { oids: row.oids.map(Number), everything: row.everything };
}

/** Each base snapshot's relation oids and index tables by name, made once: every review of the base asks. */
const baseNames = new WeakMap<CatalogSnapshot, { relationOids: Map<string, number>; indexTables: Map<string, string> }>();

function namesOf(base: CatalogSnapshot): { relationOids: Map<string, number>; indexTables: Map<string, string> } {
  let names = baseNames.get(base);
  if (!names) {
    names = { relationOids: new Map(base.relations.map((r) => [r.name, r.oid])), indexTables: new Map(base.indexes.map((i) => [i.name, i.table])) };
    baseNames.set(base, names);
  }
  return names;
}

/** `base` with the touched relations (and their indexes, constraints, policies, triggers) replaced by `fresh`, in catalog order. */
function mergeSnapshot(base: CatalogSnapshot, fresh: CatalogSnapshot, touched: Set<number>): CatalogSnapshot {
  // The names the touched relations had in the base and have now: their dependent rows are replaced.
  const names = new Set(base.relations.filter((r) => touched.has(r.oid)).map((r) => r.name));
  for (const r of fresh.relations) names.add(r.name);
  const keep = <T extends { table: string }>(items: T[]) => items.filter((item) => !names.has(item.table));
  const merged: CatalogSnapshot = {
    // Schemas, functions, types and extensions as read now (a dropped one leaves no newer row to find).
    ...fresh,
    relations: mergeSorted(base.relations.filter((r) => !touched.has(r.oid)), fresh.relations, (r: RelationSnapshot) => [r.schema, r.relname]),
    indexes: mergeSorted(keep(base.indexes), fresh.indexes, (i: IndexSnapshot) => [i.name.slice(0, i.name.length - i.relname.length - 1), i.relname]),
    constraints: mergeSorted(keep(base.constraints), fresh.constraints, (c: ConstraintSnapshot) => [c.table, c.name]),
    policies: mergeSorted(keep(base.policies), fresh.policies, (p: PolicySnapshot) => [p.table, p.name]),
    triggers: mergeSorted(keep(base.triggers ?? []), fresh.triggers ?? [], (t: TriggerSnapshot) => [t.table, t.name]),
  };
  recordDerivation(merged, base, names, fresh);
  return merged;
}

/**
 * `kept` (in catalog order, as read: the C collation's byte order, which is JavaScript's string
 * order for every name outside the astral planes) with the few `fresh` items put in place by binary search:
 * the same order as sorting both, without computing a key for each of 10,000 kept items (a
 * full sort per list was ~20 ms of each merge on a 10,000-table base).
 */
function mergeSorted<T>(kept: T[], fresh: T[], key: (item: T) => string[]): T[] {
  if (fresh.length === 0) return kept;
  const merged: T[] = [];
  let from = 0;
  for (const item of sortBy(fresh, key)) {
    const itemKey = key(item);
    // After the kept items that sort before it or equal to it (a stable sort keeps those first).
    let low = from;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareKeys(key(kept[middle]!), itemKey) <= 0) low = middle + 1;
      else high = middle;
    }
    for (let i = from; i < low; i++) merged.push(kept[i]!);
    merged.push(item);
    from = low;
  }
  for (let i = from; i < kept.length; i++) merged.push(kept[i]!);
  return merged;
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Sorted as the catalog queries' ORDER BY sorts in the C collation of the embedded clusters
 * (code-unit order; a server with another collation may order mixed-case names differently).
 */
function sortBy<T>(items: T[], key: (item: T) => string[]): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.item);
}
