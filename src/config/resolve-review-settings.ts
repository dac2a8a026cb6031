import type { TableStatsHint } from '../review/ports.js';
import { UsageError } from '../shared/errors.js';
import { toSessionSettings, type SessionSetting } from '../shared/session-settings.js';
import { splitStatements } from '../sql/split-statements.js';
import { productionSchema, type Config, type FailOn, type NamingConfig, type ProductionConfig, type RulesConfig } from './config.schema.js';
import type { ProductionSettings } from '../review/review-request.js';
import { parseStatsFileContents } from './parse-stats-file.js';
import type { ProductionQuery } from '../inspect/list-top-queries.js';

/** Reads a file of the reviewed repository (from disk, or from GitHub at the head SHA); null when absent. */
export type RepositoryReader = (path: string) => Promise<string | null>;

/** What the config says about one review, with the files it names read: the same for CLI and App. */
export interface ReviewSettings {
  queries: string[];
  tableStats: TableStatsHint[];
  /** Production's top queries from the stats file (pg_stat_statements), EXPLAINed like `queries`. */
  productionQueries: ProductionQuery[];
  exposedSchemas: string[];
  rules: RulesConfig;
  naming: NamingConfig;
  statementLimitMs: number;
  failOn: FailOn;
  /** `migrations.sessionSettings`, validated: applied to the migration session before each file. */
  sessionSettings: SessionSetting[];
  /** Config `production`, in milliseconds: the lock budget and the calibration's limits. */
  production: ProductionSettings;
}

export async function resolveReviewSettings(config: Config, read: RepositoryReader): Promise<ReviewSettings> {
  const statsFile = config.statsFile ? await readRequired(read, config.statsFile, 'statsFile') : undefined;
  const stats = statsFile !== undefined ? parseStatsFileContents(statsFile, config.statsFile!) : { tables: [], queries: [] };
  return {
    queries: await resolveQueries(config.queries, read),
    tableStats: mergeHints(
      stats.tables,
      Object.entries(config.tables).map(([table, { rows }]) => ({ table, rows })),
    ),
    productionQueries: stats.queries,
    exposedSchemas: config.exposedSchemas,
    rules: config.rules,
    naming: config.naming,
    statementLimitMs: config.statementTimeoutSeconds * 1000,
    failOn: config.failOn,
    sessionSettings: toSessionSettings(config.migrations.sessionSettings),
    production: toProductionSettings(config.production),
  };
}

/** Config `production` (defaults when absent) → milliseconds for the engine. */
export function toProductionSettings(production: ProductionConfig = productionSchema.parse({})): ProductionSettings {
  return {
    lockBudget: { readsMs: production.lockBudget.readsSeconds * 1000, writesMs: production.lockBudget.writesSeconds * 1000 },
    calibration: { budgetMs: production.calibrationBudgetSeconds * 1000, maxRows: production.calibrationRows, minRows: production.calibrationMinRows },
  };
}

/** `queries:` entries are SQL, or paths of `.sql` files in the repository holding queries. */
async function resolveQueries(entries: string[], read: RepositoryReader): Promise<string[]> {
  const queries: string[] = [];
  for (const entry of entries.map((e) => e.trim())) {
    if (/^[\w./-]+\.sql$/.test(entry)) queries.push(...splitQueries(await readRequired(read, entry, 'queries'), entry));
    else queries.push(entry.replace(/;\s*$/, ''));
  }
  return queries;
}

/** A queries file holds one or more SQL queries separated by semicolons. */
export function splitQueries(text: string, source: string): string[] {
  const parsed = splitStatements({ path: source, content: text });
  if (parsed.parseError) throw new UsageError(`${source} line ${parsed.parseError.line}: ${parsed.parseError.message}`, { showUsage: false });
  return parsed.statements.map((s) => s.text.replace(/;\s*$/, ''));
}

/** Explicit row counts (--rows, `tables:`) win over a statistics file's. */
export function mergeHints(fromFile: TableStatsHint[], explicit: TableStatsHint[]): TableStatsHint[] {
  const key = (table: string) => (table.includes('.') ? table : `public.${table}`);
  const rows = new Map(explicit.map((h) => [key(h.table), h.rows]));
  const merged = fromFile.map((h) => ({ ...h, rows: rows.get(key(h.table)) ?? h.rows }));
  const known = new Set(fromFile.map((h) => key(h.table)));
  return [...merged, ...explicit.filter((h) => !known.has(key(h.table)))];
}

async function readRequired(read: RepositoryReader, path: string, key: string): Promise<string> {
  if (path.startsWith('/') || path.split('/').includes('..')) throw new UsageError(`${key}: ${path} must be a path inside the repository`, { showUsage: false });
  const text = await read(path);
  if (text === null) throw new UsageError(`${key}: ${path} does not exist in the repository`, { showUsage: false });
  return text;
}
