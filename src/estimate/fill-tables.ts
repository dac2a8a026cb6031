import type pg from 'pg';
import type { TableStatsHint } from '../review/ports.js';
import { errorMessage } from '../shared/errors.js';
import { quoteIdent, quoteQualified } from '../sql/quote-ident.js';
import { buildFillSql } from './build-fill-sql.js';
import { readTableShape, type TableShape } from './read-table-shape.js';

export interface FillTarget {
  /** "schema.name" or "name" (public). */
  table: string;
  /** Rows the table should hold: the difference is added (nothing when it holds as many already). */
  rows: number;
}

export interface FillOutcome {
  table: string;
  /** Rows asked for in total. */
  requested: number;
  /** Rows actually added (fewer when a CHECK refused some). */
  added: number;
  /** Rows the table holds after the fill. */
  total: number;
  /** Empty parent tables filled first so the foreign keys had rows to point at. */
  parents: string[];
  /** Nullable columns left NULL (no generator for their type, or a parent with no rows). */
  nullColumns: string[];
  /** Why nothing was added. */
  unfillable?: string;
  /** The change's CHECK expressions the rows were filtered by (see FillOptions.changeChecks). */
  changeChecks?: string[];
}

export interface FillOptions {
  /** Production's statistics, for widths, null fractions and distinct counts. */
  stats?: TableStatsHint[];
  /** Rows given to an empty parent table (capped by its production size when known). */
  parentRows?: number;
  /**
   * CHECK expressions the reviewed change adds, per table ("schema.name"): the synthetic rows
   * satisfy them too, as production's rows must for the change to succeed there. A fill they
   * make fail (a column the change adds first, a function not found) is retried without them.
   */
  changeChecks?: Record<string, string[]>;
}

const DEFAULT_PARENT_ROWS = 1000;
const MAX_PARENT_DEPTH = 3;

/**
 * Adds synthetic rows to pre-existing tables, in the caller's session (the review's unprivileged
 * role, a member of the tables' owner) and inside the caller's transaction, so the caller
 * decides whether they stay (calibration) or are rolled back (planner sizes). No user code gets
 * privileges and no user trigger fires: the user triggers that would fire are disabled by name
 * for the insert and put back as they were (ENABLE, ENABLE ALWAYS); every column gets an
 * explicit value (no DEFAULT is evaluated); tables with rules are left alone. Foreign keys
 * point at existing parent rows; an empty parent is filled first (a few levels deep). Each
 * table is filled under a savepoint: one that cannot be filled says why and leaves no rows.
 */
export async function fillTables(client: pg.Client, targets: FillTarget[], options: FillOptions = {}): Promise<FillOutcome[]> {
  const filler = new Filler(client, options);
  const outcomes: FillOutcome[] = [];
  for (const target of targets) outcomes.push(await filler.fill(qualify(target.table), target.rows, 0, new Set()));
  return outcomes;
}

class Filler {
  constructor(
    private readonly client: pg.Client,
    private readonly options: FillOptions,
  ) {}

  async fill(table: string, rows: number, depth: number, visiting: Set<string>): Promise<FillOutcome> {
    const outcome: FillOutcome = { table, requested: rows, added: 0, total: 0, parents: [], nullColumns: [] };
    const shape = await readTableShape(this.client, table);
    if (!shape) return { ...outcome, unfillable: 'no such table in the sandbox' };
    outcome.total = shape.rows;
    visiting.add(table);
    const nullForeignKeys: number[] = [];
    for (const [i, fk] of shape.foreignKeys.entries()) {
      if (fk.parent === table) continue;
      const parentRows = await this.countRows(fk.parent);
      if (parentRows > 0) continue;
      const nullable = fk.columns.every((c) => !shape.columns.find((col) => col.name === c)?.notNull);
      let why = 'it is being filled already (a cycle of foreign keys)';
      if (depth < MAX_PARENT_DEPTH && !visiting.has(fk.parent)) {
        const parent = await this.fill(fk.parent, this.parentRows(fk.parent), depth + 1, visiting);
        outcome.parents.push(fk.parent, ...parent.parents);
        if (parent.added > 0) continue;
        why = parent.unfillable ?? 'no rows could be added';
      } else if (depth >= MAX_PARENT_DEPTH) {
        why = 'it is too many foreign keys away';
      }
      if (!nullable) return { ...outcome, unfillable: `its foreign key to ${fk.parent} needs parent rows, and ${fk.parent} could not be filled (${why})` };
      nullForeignKeys.push(i);
      outcome.nullColumns.push(...fk.columns);
    }
    visiting.delete(table);

    if (shape.rows >= rows) return outcome;
    const request = {
      shape,
      rows: rows - shape.rows,
      ...(this.statsOf(table) ? { columnStats: this.statsOf(table)! } : {}),
      keyOffsets: shape.rows > 0 ? await this.keyOffsets(shape) : {},
      nullForeignKeys,
    };
    const changeChecks = this.options.changeChecks?.[table] ?? [];
    if (changeChecks.length > 0) {
      const filtered = await this.insert(outcome, shape, buildFillSql({ ...request, extraChecks: changeChecks }));
      if (filtered.added > 0) return { ...filtered, changeChecks };
      // No row passed them, or they cannot be evaluated before the change (a column it adds
      // first, a function it creates): filled as before, the statement then fails on synthetic
      // rows and its estimate says so.
    }
    return this.insert(outcome, shape, buildFillSql(request));
  }

  /** Runs one fill statement under a savepoint: its rows stay, or none do and the outcome says why. */
  private async insert(base: FillOutcome, shape: TableShape, sql: ReturnType<typeof buildFillSql>): Promise<FillOutcome> {
    if ('unfillable' in sql) return { ...base, unfillable: sql.unfillable };
    const outcome: FillOutcome = { ...base, nullColumns: [...base.nullColumns, ...sql.skippedColumns] };
    const table = outcome.table;

    await this.client.query('SAVEPOINT pg_dba_review_fill');
    try {
      const triggers = await this.disableUserTriggers(table);
      // Names in the statement are qualified as read under pg_catalog; a search path a migration
      // planted (ALTER DATABASE ... SET search_path) must not resolve its operators to the user's.
      const path = (await this.client.query<{ path: string }>("SELECT pg_catalog.current_setting('search_path') AS path")).rows[0]!.path;
      await this.client.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)");
      const result = await this.client.query(sql.sql);
      await this.client.query("SELECT pg_catalog.set_config('search_path', $1, true)", [path]);
      await this.restoreTriggers(table, triggers);
      await this.advanceSequences(shape);
      await this.client.query('RELEASE SAVEPOINT pg_dba_review_fill');
      outcome.added = result.rowCount ?? 0;
      outcome.total = shape.rows + outcome.added;
      return outcome;
    } catch (error) {
      await this.client.query('ROLLBACK TO SAVEPOINT pg_dba_review_fill');
      await this.client.query('RELEASE SAVEPOINT pg_dba_review_fill');
      return { ...outcome, unfillable: `synthetic rows were refused: ${errorMessage(error)}` };
    }
  }

  private statsOf(table: string) {
    return this.options.stats?.find((h) => qualify(h.table) === table)?.columns;
  }

  private parentRows(table: string): number {
    const wanted = this.options.parentRows ?? DEFAULT_PARENT_ROWS;
    const production = this.options.stats?.find((h) => qualify(h.table) === table)?.rows;
    return Math.max(1, production !== undefined ? Math.min(wanted, production) : wanted);
  }

  private async countRows(table: string): Promise<number> {
    try {
      await this.client.query('SAVEPOINT pg_dba_review_count');
      const n = Number((await this.client.query<{ n: string }>(`SELECT pg_catalog.count(*) AS n FROM (SELECT 1 FROM ONLY ${quoteQualified(table)} LIMIT 1) s`)).rows[0]!.n);
      await this.client.query('RELEASE SAVEPOINT pg_dba_review_count');
      return n;
    } catch {
      await this.client.query('ROLLBACK TO SAVEPOINT pg_dba_review_count');
      return 0;
    }
  }

  /** Largest value of each integer key column, so synthetic keys start above the rows already there. */
  private async keyOffsets(shape: TableShape): Promise<Record<string, number>> {
    const offsets: Record<string, number> = {};
    const keys = new Set(shape.unique.flat());
    for (const column of shape.columns) {
      if (!keys.has(column.name) || !['int2', 'int4', 'int8', 'numeric'].includes(column.baseType)) continue;
      const max = (await this.client.query<{ max: string | null }>(`SELECT pg_catalog.max(${quoteIdent(column.name)})::text AS max FROM ONLY ${quoteQualified(shape.table)}`)).rows[0]!.max;
      if (max !== null) offsets[column.name] = Math.ceil(Number(max));
    }
    return offsets;
  }

  /** Identity and serial sequences moved past the synthetic keys, so later inserts do not collide with them. */
  private async advanceSequences(shape: TableShape): Promise<void> {
    const keys = new Set(shape.unique.flat());
    for (const column of shape.columns) {
      if (!keys.has(column.name) || !['int2', 'int4', 'int8'].includes(column.baseType)) continue;
      const sequence = (await this.client.query<{ seq: string | null }>('SELECT pg_catalog.pg_get_serial_sequence($1, $2) AS seq', [quoteQualified(shape.table), column.name])).rows[0]!.seq;
      if (!sequence) continue;
      await this.client.query(`SELECT pg_catalog.setval($1, m) FROM (SELECT pg_catalog.max(${quoteIdent(column.name)})::int8 AS m FROM ONLY ${quoteQualified(shape.table)}) s WHERE m IS NOT NULL`, [sequence]);
    }
  }

  /** The user triggers that would fire in this session, disabled by name; returned with their state to restore. */
  private async disableUserTriggers(table: string): Promise<Array<{ name: string; enabled: string }>> {
    const triggers = (
      await this.client.query<{ name: string; enabled: string }>(
        `SELECT t.tgname::text AS name, t.tgenabled::text AS enabled FROM pg_catalog.pg_trigger t
          WHERE t.tgrelid = pg_catalog.to_regclass($1) AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')`,
        [quoteQualified(table)],
      )
    ).rows;
    for (const trigger of triggers) await this.client.query(`ALTER TABLE ${quoteQualified(table)} DISABLE TRIGGER ${quoteIdent(trigger.name)}`);
    return triggers;
  }

  private async restoreTriggers(table: string, triggers: Array<{ name: string; enabled: string }>): Promise<void> {
    for (const trigger of triggers) {
      await this.client.query(`ALTER TABLE ${quoteQualified(table)} ENABLE ${trigger.enabled === 'A' ? 'ALWAYS ' : ''}TRIGGER ${quoteIdent(trigger.name)}`);
    }
  }
}

function qualify(table: string): string {
  return table.includes('.') ? table : `public.${table}`;
}
