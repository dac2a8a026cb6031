import type pg from 'pg';

/** What a synthetic fill must respect about one column. */
export interface ColumnShape {
  name: string;
  /** format_type(atttypid, atttypmod), schema-qualified where needed (read with search_path pg_catalog). */
  type: string;
  /** The base type's name after unwrapping domains (e.g. "int8", "varchar", "_text" for text[]). */
  baseType: string;
  /** Element type's name for arrays ("text" for text[]). */
  elementType?: string;
  /** Length or precision modifier of the base type (varchar(n) → n; numeric(p,s) → [p, s]). */
  length?: number;
  precision?: [number, number];
  /** Labels of an enum type, in order. */
  enumLabels?: string[];
  /** A domain with constraints: its CHECKs may refuse values (the insert then fails and says so). */
  constrainedDomain: boolean;
  notNull: boolean;
  /** 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT, '' none. */
  identity: string;
  /** 's' stored generated column (Postgres computes it; it cannot be given). */
  generated: string;
}

export interface ForeignKeyShape {
  columns: string[];
  /** "schema.name" of the referenced table. */
  parent: string;
  parentColumns: string[];
}

export interface TableShape {
  /** "schema.name". */
  table: string;
  relkind: string;
  columns: ColumnShape[];
  /** Primary key and unique constraints and unique indexes, as column lists. */
  unique: string[][];
  foreignKeys: ForeignKeyShape[];
  /** Table CHECK constraint expressions (without "CHECK"), as Postgres deparses them. */
  checks: string[];
  /** Why the table cannot be filled whatever the values (rules, exclusion constraints, partitioning). */
  blockers: string[];
  /** Rows it holds now (count(*)). */
  rows: number;
}

/**
 * Reads, in the unprivileged review role's session, what a synthetic fill of `table` must
 * respect: column types (domains unwrapped), NOT NULL, identity and generated columns,
 * primary/unique keys, foreign keys, CHECK constraints, and what forbids filling at all.
 * Catalog reads only, plus a count(*) of the table; search_path is pinned to pg_catalog while it
 * reads, so deparsed expressions come schema-qualified. Runs inside the caller's transaction.
 * Undefined when there is no such table.
 */
export async function readTableShape(client: pg.Client, table: string): Promise<TableShape | undefined> {
  const previousPath = (await client.query<{ path: string }>("SELECT pg_catalog.current_setting('search_path') AS path")).rows[0]!.path;
  await client.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
  try {
    const dot = table.indexOf('.');
    const [schema, name] = dot >= 0 ? [table.slice(0, dot), table.slice(dot + 1)] : ['public', table];
    const rel = (
      await client.query<{ oid: number; relkind: string; rules: number }>(
        `SELECT c.oid::int8 AS oid, c.relkind::text AS relkind,
                (SELECT count(*) FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN')::int AS rules
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
        [schema, name],
      )
    ).rows[0];
    if (!rel) return undefined;
    const blockers: string[] = [];
    if (rel.relkind === 'p') blockers.push('it is partitioned (rows would be routed through partitions not sized here)');
    else if (rel.relkind !== 'r') blockers.push(`it is not a plain table (relkind ${rel.relkind})`);
    if (rel.rules > 0) blockers.push('it has rewrite rules, which would turn the inserts into other statements');

    const columns = (
      await client.query<{
        name: string;
        type: string;
        typmod: number;
        notnull: boolean;
        identity: string;
        generated: string;
        base: string;
        basetypmod: number;
        basetype: string;
        typtype: string;
        elem: string | null;
        domain_checks: number;
        labels: string[] | null;
      }>(
        `WITH RECURSIVE cols AS (
           SELECT a.attnum, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, a.atttypmod AS typmod,
                  a.attnotnull AS notnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
                  a.atttypid AS tid, a.atttypmod AS tmod, 0 AS depth, 0 AS checks
             FROM pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
           UNION ALL
           SELECT c.attnum, c.name, c.type, c.typmod, c.notnull OR t.typnotnull, c.identity, c.generated,
                  t.typbasetype, CASE WHEN t.typtypmod >= 0 THEN t.typtypmod ELSE c.tmod END, c.depth + 1,
                  c.checks + (SELECT count(*) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c')::int
             FROM cols c JOIN pg_type t ON t.oid = c.tid WHERE t.typtype = 'd' AND c.depth < 10
         )
         SELECT c.name, c.type, c.typmod, c.notnull, c.identity, c.generated, t.typname::text AS base, c.tmod AS basetypmod,
                t.oid::regtype::text AS basetype, t.typtype::text AS typtype, e.typname::text AS elem, c.checks AS domain_checks,
                (SELECT array_agg(l.enumlabel::text ORDER BY l.enumsortorder) FROM pg_enum l WHERE l.enumtypid = t.oid) AS labels
           FROM cols c JOIN pg_type t ON t.oid = c.tid LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
          WHERE t.typtype <> 'd'
          ORDER BY c.attnum`,
        [rel.oid],
      )
    ).rows.map((c): ColumnShape => {
      const shape: ColumnShape = {
        name: c.name,
        type: c.type,
        baseType: c.base,
        constrainedDomain: c.domain_checks > 0,
        notNull: c.notnull,
        identity: c.identity,
        generated: c.generated,
      };
      if (c.elem) shape.elementType = c.elem;
      if (c.labels) shape.enumLabels = c.labels;
      if (['varchar', 'bpchar'].includes(c.base) && c.basetypmod > 4) shape.length = c.basetypmod - 4;
      if (c.base === 'numeric' && c.basetypmod > 4) {
        const mod = c.basetypmod - 4;
        shape.precision = [(mod >> 16) & 0xffff, mod & 0xffff];
      }
      return shape;
    });

    const constraints = (
      await client.query<{ contype: string; columns: string[]; parent: string | null; parent_columns: string[] | null; def: string }>(
        `SELECT k.contype::text AS contype,
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
                CASE WHEN k.contype = 'f' THEN (SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = k.confrelid) END AS parent,
                CASE WHEN k.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS parent_columns,
                pg_get_constraintdef(k.oid) AS def
           FROM pg_constraint k WHERE k.conrelid = $1 ORDER BY k.conname`,
        [rel.oid],
      )
    ).rows;
    const unique: string[][] = [];
    const foreignKeys: ForeignKeyShape[] = [];
    const checks: string[] = [];
    for (const k of constraints) {
      if (k.contype === 'p' || k.contype === 'u') unique.push(k.columns);
      else if (k.contype === 'f') foreignKeys.push({ columns: k.columns, parent: k.parent!, parentColumns: k.parent_columns! });
      else if (k.contype === 'c') checks.push(k.def.replace(/^CHECK\s*/, '').replace(/\s+NOT VALID$/, ''));
      else if (k.contype === 'x') blockers.push('it has an exclusion constraint, which synthetic rows cannot be shaped to respect');
    }
    const indexes = (
      await client.query<{ columns: string[] }>(
        `SELECT ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) u(n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n) AS columns
           FROM pg_index i WHERE i.indrelid = $1 AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
        [rel.oid],
      )
    ).rows;
    // A unique index on expressions has fewer plain columns than keys; its expressions are
    // then over columns whose values are distinct per row anyway (they all come from the row number).
    for (const index of indexes) if (index.columns.length > 0) unique.push(index.columns);
    const rows = rel.relkind === 'r' ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${quoted(schema, name)}`)).rows[0]!.n) : 0;
    return { table: `${schema}.${name}`, relkind: rel.relkind, columns, unique, foreignKeys, checks, blockers, rows };
  } finally {
    await client.query("SELECT pg_catalog.set_config('search_path', $1, true)", [previousPath]);
  }
}

function quoted(schema: string, name: string): string {
  return `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
}
