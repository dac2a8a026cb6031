/**
 * The schema of a branch at one moment, read from the catalog only: what the inspectors and
 * the schema diff compare. Names are "schema.name"; every field is plain JSON.
 */
export interface CatalogSnapshot {
  relations: RelationSnapshot[];
  indexes: IndexSnapshot[];
  constraints: ConstraintSnapshot[];
  policies: PolicySnapshot[];
  functions: FunctionSnapshot[];
  extensions: ExtensionSnapshot[];
  schemas: SchemaSnapshot[];
  /** Optional so snapshots taken before these were read still type-check. */
  triggers?: TriggerSnapshot[];
  types?: TypeSnapshot[];
}

export interface TriggerSnapshot {
  name: string;
  table: string;
  /** pg_get_triggerdef. */
  definition: string;
  enabled: string;
}

export interface TypeSnapshot {
  /** "schema.name". */
  name: string;
  /** e enum, d domain, c composite (standalone), r range. */
  kind: string;
  /** Enum labels in order, a domain's base type and constraints, or a composite's attributes. */
  definition: string;
}

export interface Grant {
  /** A role name, or "PUBLIC". */
  grantee: string;
  privilege: string;
}

export interface RelationSnapshot {
  oid: number;
  /** "schema.name", as printed everywhere. */
  name: string;
  schema: string;
  relname: string;
  /** r table, p partitioned table, v view, m materialized view, S sequence, f foreign table. */
  kind: string;
  /** p permanent, u unlogged, t temporary. */
  persistence: string;
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  owner: string;
  /** pg_total_relation_size: heap, indexes and TOAST. */
  bytes: number;
  /** Explicit grants (the owner's own privileges left out). */
  grants: Grant[];
  columns: ColumnSnapshot[];
  /** A view's or materialized view's query (pg_get_viewdef). */
  definition?: string;
  /** reloptions, e.g. ["security_invoker=true"]; absent when none are set. */
  options?: string[];
  /** A view's or materialized view's: the relations its query reads (pg_depend of its rewrite rule). */
  reads?: string[];
}

export interface ColumnSnapshot {
  num: number;
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface IndexSnapshot {
  /** "schema.name". */
  name: string;
  relname: string;
  table: string;
  definition: string;
  /** The definition without the index name: equal signatures mean duplicate indexes. */
  signature: string;
  valid: boolean;
  unique: boolean;
  primary: boolean;
  /** Key column names in order; null for an expression column. */
  columns: Array<string | null>;
  partial: boolean;
  method: string;
  bytes: number;
}

export interface ConstraintSnapshot {
  name: string;
  table: string;
  /** p primary key, u unique, f foreign key, c check, x exclusion, n not null (PG 18). */
  type: string;
  definition: string;
  validated: boolean;
  columns: string[];
  /** The referenced table of a foreign key. */
  references: string | null;
}

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface PolicySnapshot {
  name: string;
  table: string;
  command: PolicyCommand;
  permissive: boolean;
  roles: string[];
  using: string | null;
  check: string | null;
}

export interface FunctionSnapshot {
  /** "schema.name(argument types)". */
  signature: string;
  kind: string;
  language: string;
  securityDefiner: boolean;
  /** proconfig entries, e.g. "search_path=pg_catalog". */
  config: string[];
  owner: string;
  /** md5 of the body: a replaced body shows in the schema diff. */
  body: string;
  /** CREATE OR REPLACE ... (pg_get_functiondef) of functions and procedures, to restore a replaced one. */
  definition?: string;
  /** EXECUTE grants, defaults included (a new function is executable by PUBLIC). */
  grants: Grant[];
}

export interface ExtensionSnapshot {
  name: string;
  version: string;
  schema: string;
}

export interface SchemaSnapshot {
  name: string;
  owner: string;
  grants: Grant[];
}

export const EMPTY_SNAPSHOT: CatalogSnapshot = {
  relations: [],
  indexes: [],
  constraints: [],
  policies: [],
  functions: [],
  extensions: [],
  schemas: [],
  triggers: [],
  types: [],
};

/** Each snapshot's relations by name, built on first use (snapshots are never changed once read). */
const relationsByName = new WeakMap<CatalogSnapshot, Map<string, RelationSnapshot>>();

/** The relation "schema.name" of the snapshot: a lookup, not a scan per question. */
export function relationNamed(snapshot: CatalogSnapshot, name: string): RelationSnapshot | undefined {
  let byName = relationsByName.get(snapshot);
  if (!byName) relationsByName.set(snapshot, (byName = new Map(snapshot.relations.map((r) => [r.name, r]))));
  return byName.get(name);
}

/**
 * A snapshot built as `base` with some relations read again (snapshot-changes.ts): the names
 * those relations had in `base` and have now. Everything else in it is `base`'s own objects, so
 * comparisons of the two need only look at these (on 10,000 tables, comparing everything was
 * most of a warm review).
 */
const derivations = new WeakMap<CatalogSnapshot, { base: CatalogSnapshot; touched: ReadonlySet<string>; fresh: CatalogSnapshot }>();

/** `fresh`: what was read again, exactly the objects of the `touched` relations in `snapshot`. */
export function recordDerivation(snapshot: CatalogSnapshot, base: CatalogSnapshot, touched: ReadonlySet<string>, fresh: CatalogSnapshot): void {
  derivations.set(snapshot, { base, touched, fresh });
}

/** The relations (by name) that can differ between `before` and `after`, when `after` was derived from it; otherwise undefined: compare all. */
export function touchedSince(after: CatalogSnapshot, before: CatalogSnapshot): ReadonlySet<string> | undefined {
  const derivation = derivations.get(after);
  return derivation?.base === before ? derivation.touched : undefined;
}

/**
 * The part of a snapshot about the named relations (their rows, indexes, constraints, policies
 * and triggers); schemas, functions, types and extensions whole.
 */
export function restrictToRelations(snapshot: CatalogSnapshot, names: ReadonlySet<string>): CatalogSnapshot {
  // A derived snapshot's touched relations are what was read again: no grouping of a snapshot used once.
  const derivation = derivations.get(snapshot);
  if (derivation?.touched === names) {
    const { fresh } = derivation;
    return { ...snapshot, relations: fresh.relations, indexes: fresh.indexes, constraints: fresh.constraints, policies: fresh.policies, triggers: fresh.triggers ?? [] };
  }
  const byTable = byTableOf(snapshot);
  // In catalog order: the names in the order of the snapshot's relations (a dropped one has none).
  const ordered = [...names].filter((name) => byTable.position.has(name)).sort((a, b) => byTable.position.get(a)! - byTable.position.get(b)!);
  // Each list in its own catalog order (indexes go by index name, not by table).
  const gather = <T extends object>(groups: Map<string, T[]>) =>
    ordered.flatMap((name) => groups.get(name) ?? []).sort((a, b) => byTable.order.get(a)! - byTable.order.get(b)!);
  return {
    ...snapshot,
    relations: ordered.map((name) => byTable.relations.get(name)!),
    indexes: gather(byTable.indexes),
    constraints: gather(byTable.constraints),
    policies: gather(byTable.policies),
    triggers: gather(byTable.triggers),
  };
}

interface ByTable {
  position: Map<string, number>;
  /** Each item's place in its list. */
  order: Map<object, number>;
  relations: Map<string, RelationSnapshot>;
  indexes: Map<string, IndexSnapshot[]>;
  constraints: Map<string, ConstraintSnapshot[]>;
  policies: Map<string, PolicySnapshot[]>;
  triggers: Map<string, TriggerSnapshot[]>;
}

/** Each snapshot's objects grouped by relation, made once: a base snapshot serves every review of its base. */
const byTableCache = new WeakMap<CatalogSnapshot, ByTable>();

function byTableOf(snapshot: CatalogSnapshot): ByTable {
  let cached = byTableCache.get(snapshot);
  if (cached) return cached;
  const group = <T extends { table: string }>(items: T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const list = groups.get(item.table);
      if (list) list.push(item);
      else groups.set(item.table, [item]);
    }
    return groups;
  };
  const order = new Map<object, number>();
  for (const list of [snapshot.indexes, snapshot.constraints, snapshot.policies, snapshot.triggers ?? []]) list.forEach((item, i) => order.set(item, i));
  cached = {
    position: new Map(snapshot.relations.map((r, i) => [r.name, i])),
    order,
    relations: new Map(snapshot.relations.map((r) => [r.name, r])),
    indexes: group(snapshot.indexes),
    constraints: group(snapshot.constraints),
    policies: group(snapshot.policies),
    triggers: group(snapshot.triggers ?? []),
  };
  byTableCache.set(snapshot, cached);
  return cached;
}
