import type { ColumnStatsHint } from '../review/ports.js';
import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import type { ColumnShape, TableShape } from './read-table-shape.js';

export interface FillRequest {
  shape: TableShape;
  /** Rows to add. */
  rows: number;
  /** Production's column statistics of the table (stats file), when known. */
  columnStats?: ColumnStatsHint[];
  /** Per unique integer column, the largest value it holds now: new keys start above it (other unique columns start above the row count). */
  keyOffsets?: Record<string, number>;
  /** Foreign keys (by position in shape.foreignKeys) left NULL: their parent has no rows. */
  nullForeignKeys?: number[];
  /**
   * More CHECK expressions the rows must satisfy (the reviewed change's own), filtered like the
   * table's; to still reach `rows`, up to CANDIDATES_PER_ROW times as many rows are generated.
   */
  extraChecks?: string[];
}

export type FillSql = { sql: string; skippedColumns: string[] } | { unfillable: string };

/** Candidate rows per wanted row when the change's CHECKs filter them (the generator does not aim at their ranges). */
const CANDIDATES_PER_ROW = 10;

/** Width of a text value when the statistics do not say. */
const DEFAULT_TEXT_WIDTH = 16;

/**
 * Pure: the INSERT ... SELECT that adds `rows` synthetic rows to a table, shaped by what the
 * catalog says must hold (NOT NULL, unique and primary keys distinct per row, foreign keys
 * pointing at rows the parent holds, enum labels, varchar lengths, numeric precision) and by
 * production's statistics when given (average width, null fraction, distinct values). Every
 * column gets an explicit value, so no DEFAULT expression is evaluated (identity columns with
 * OVERRIDING SYSTEM VALUE); stored generated columns are computed by Postgres. Rows that a
 * table CHECK refuses are filtered out before the insert. Functions are schema-qualified, so a
 * user's function of the same name is never called instead.
 */
export function buildFillSql(request: FillRequest): FillSql {
  const { shape } = request;
  if (shape.blockers.length > 0) return { unfillable: shape.blockers.join('; ') };
  const stats = new Map((request.columnStats ?? []).map((c) => [c.column, c]));
  const uniqueColumns = new Set(shape.unique.flat());
  const fkByColumn = new Map<string, { fk: number; position: number }>();
  shape.foreignKeys.forEach((fk, i) => fk.columns.forEach((column, position) => fkByColumn.set(column, { fk: i, position })));

  const targets = shape.columns.filter((c) => c.generated === '');
  const values = new Map<string, string>();
  const skippedColumns: string[] = [];
  // Columns first, foreign keys second: a self reference copies the referenced column's value.
  targets.forEach((column, index) => {
    if (fkByColumn.has(column.name)) return;
    const stat = stats.get(column.name);
    const unique = uniqueColumns.has(column.name);
    const distinct = distinctValues(stat, request.rows, unique);
    const key = unique ? `(s.g + ${Math.round(request.keyOffsets?.[column.name] ?? shape.rows)})` : `(pg_catalog.abs(pg_catalog.hashint8extended(s.g, ${index + 1})) % ${distinct})`;
    const value = generate(column, key, stat);
    if (value === undefined) {
      if (column.notNull) return;
      skippedColumns.push(column.name);
      values.set(column.name, `NULL::${column.type}`);
      return;
    }
    const nullFrac = !column.notNull && !unique ? (stat?.nullFrac ?? 0) : 0;
    const cast = `(${value})::${column.type}`;
    values.set(column.name, nullFrac > 0 ? `CASE WHEN pg_catalog.abs(pg_catalog.hashint8extended(s.g, ${1000 + index})) % 10000 < ${Math.round(nullFrac * 10000)} THEN NULL ELSE ${cast} END` : cast);
  });
  const missing = targets.filter((c) => !fkByColumn.has(c.name) && !values.has(c.name));
  if (missing.length > 0) return { unfillable: `no generator for the type of the NOT NULL ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((c) => `${c.name} (${c.type})`).join(', ')}` };

  const ctes: string[] = [];
  const joins: string[] = [];
  let radix = '1';
  shape.foreignKeys.forEach((fk, i) => {
    if (request.nullForeignKeys?.includes(i)) {
      fk.columns.forEach((column) => values.set(column, `NULL::${shape.columns.find((c) => c.name === column)!.type}`));
      return;
    }
    if (fk.parent === shape.table) {
      fk.columns.forEach((column, position) => {
        const referenced = values.get(fk.parentColumns[position]!);
        const shapeOf = shape.columns.find((c) => c.name === column)!;
        values.set(column, referenced ?? `NULL::${shapeOf.type}`);
      });
      return;
    }
    // The parent's rows numbered once, then row g takes parent row (g / radix) % n: with
    // several foreign keys, a mixed-radix count, so a key made of them stays distinct.
    const keys = fk.parentColumns.map((c, position) => `${quoteIdent(c)} AS k${position}`).join(', ');
    const notNull = fk.parentColumns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
    ctes.push(`p${i} AS MATERIALIZED (SELECT pg_catalog.row_number() OVER () - 1 AS rn, ${keys} FROM ONLY ${quoteQualified(fk.parent)} WHERE ${notNull})`);
    ctes.push(`n${i} AS MATERIALIZED (SELECT pg_catalog.count(*) AS n FROM p${i})`);
    joins.push(`CROSS JOIN n${i} JOIN p${i} ON p${i}.rn = (s.g / ${radix}) % n${i}.n`);
    radix = `${radix} * n${i}.n`;
    fk.columns.forEach((column, position) => {
      if (values.has(column)) return;
      values.set(column, `p${i}.k${position}`);
    });
  });

  const names = targets.map((c) => quoteIdent(c.name));
  const select = targets.map((c) => `${values.get(c.name)} AS ${quoteIdent(c.name)}`).join(', ');
  const wanted = Math.max(0, Math.round(request.rows));
  const filtered = (request.extraChecks?.length ?? 0) > 0;
  const from = `FROM pg_catalog.generate_series(1, ${filtered ? wanted * CANDIDATES_PER_ROW : wanted}) AS s(g)${joins.length > 0 ? ` ${joins.join(' ')}` : ''}`;
  const checks = [...shape.checks, ...(request.extraChecks ?? [])];
  const where = checks.length > 0 ? ` WHERE ${checks.map((c) => `(${c}) IS NOT FALSE`).join(' AND ')}` : '';
  const overriding = targets.some((c) => c.identity === 'a') ? ' OVERRIDING SYSTEM VALUE' : '';
  const sql = `${ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : ''}INSERT INTO ${quoteQualified(shape.table)} (${names.join(', ')})${overriding} SELECT * FROM (SELECT ${select} ${from}) AS synthetic${where}${filtered ? ` LIMIT ${wanted}` : ''}`;
  return { sql, skippedColumns };
}

function distinctValues(stat: ColumnStatsHint | undefined, rows: number, unique: boolean): number {
  if (unique) return Math.max(1, rows);
  const n = stat?.nDistinct;
  if (n === undefined || n === null || n === 0) return Math.max(1, rows);
  // Positive: a count of distinct values; negative: minus the fraction of rows that are distinct.
  return Math.max(1, Math.min(rows, Math.round(n > 0 ? n : -n * rows)));
}

/** An SQL expression of the column's base type from the integer `key`, or undefined when no generator fits. */
function generate(column: ColumnShape, key: string, stat: ColumnStatsHint | undefined): string | undefined {
  if (column.enumLabels) {
    if (column.enumLabels.length === 0) return undefined;
    return `(ARRAY[${column.enumLabels.map(literal).join(', ')}])[1 + ${key} % ${column.enumLabels.length}]`;
  }
  if (column.elementType) {
    const element = generate({ ...column, baseType: column.elementType, elementType: undefined } as ColumnShape, key, undefined);
    return element === undefined ? undefined : `ARRAY[${element}]`;
  }
  const width = Math.max(1, Math.round((stat?.avgWidth ?? DEFAULT_TEXT_WIDTH + 1) - 1));
  switch (column.baseType) {
    case 'int2':
      return `${key} % 32767`;
    case 'int4':
      return `${key} % 2147483647`;
    case 'int8':
    case 'oid':
      return key;
    case 'numeric': {
      if (!column.precision) return `${key}::numeric / 100`;
      const [precision, scale] = column.precision;
      const digits = Math.min(precision - scale, 15);
      return digits <= 0 ? '0' : `${key} % ${10 ** digits}`;
    }
    case 'float4':
    case 'float8':
      return `${key}::float8 / 7`;
    case 'money':
      return `(${key} % 1000000)::numeric`;
    case 'bool':
      return `${key} % 2 = 0`;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext': {
      const length = Math.min(Math.max(width, 1), column.length ?? 10_000, column.baseType === 'name' ? 63 : 10_000);
      return `pg_catalog.left(${key}::text || '~' || pg_catalog.repeat(pg_catalog.md5(${key}::text), ${Math.ceil(length / 32)}), ${length})`;
    }
    case 'uuid':
      return `pg_catalog.md5(${key}::text || 'pg-dba-review')::uuid`;
    case 'date':
      return `DATE '2000-01-01' + (${key} % 2000000)::int4`;
    case 'timestamp':
      return `TIMESTAMP '2020-01-01' + ${key} * INTERVAL '1 second'`;
    case 'timestamptz':
      return `TIMESTAMPTZ '2020-01-01 00:00:00+00' + ${key} * INTERVAL '1 second'`;
    case 'time':
      return `TIME '00:00' + (${key} % 86400) * INTERVAL '1 second'`;
    case 'timetz':
      return `(TIME '00:00' + (${key} % 86400) * INTERVAL '1 second')::timetz`;
    case 'interval':
      return `${key} * INTERVAL '1 second'`;
    case 'json':
    case 'jsonb':
      return `pg_catalog.json_build_object('k', ${key}, 'v', pg_catalog.md5(${key}::text))`;
    case 'bytea':
      return `pg_catalog.decode(pg_catalog.repeat(pg_catalog.md5(${key}::text), ${Math.ceil(width / 16)}), 'hex')`;
    case 'inet':
    case 'cidr':
      return `INET '10.0.0.0' + ${key} % 16000000`;
    case 'tsvector':
      return `pg_catalog.to_tsvector('simple', pg_catalog.md5(${key}::text))`;
    default:
      return undefined;
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
