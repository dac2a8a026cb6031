import type pg from 'pg';
import { errorMessage } from '../shared/errors.js';

export interface PlanSummary {
  totalCost: number;
  /** The planner's row estimate for the whole query. */
  rows?: number;
  /** Node types, depth-first, e.g. ["Limit", "Index Scan"]. */
  nodes: string[];
  /** Tables read by a sequential scan. */
  seqScans: string[];
  /** Indexes the plan reads (index, index-only and bitmap index scans). */
  indexes?: string[];
}

/** One configured query's plan before and after the migrations. */
export interface ExplainComparison {
  query: string;
  before?: PlanSummary;
  after?: PlanSummary;
  /** Why it could not be explained (syntax error, missing table...). */
  error?: string;
  regression: boolean;
  /** Estimated total cost after / before (1 = unchanged), when both plans exist. */
  costRatio?: number;
  /** One of production's top queries (stats file, pg_stat_statements): how often and how long it runs there. */
  production?: { calls: number; callsPerDay: number; meanMs: number };
}

export type PlanOrError = { plan: PlanSummary } | { error: string };

/**
 * EXPLAINs (FORMAT JSON, without ANALYZE: nothing executes) each configured query in the given
 * session, which is the unprivileged migration role's, so no user object fires with privilege.
 * A parameterised query ($1, as pg_stat_statements normalises them) is planned generically
 * (GENERIC_PLAN) on PostgreSQL 16+; before 16 it cannot be planned without values and says so.
 */
export async function explainQueries(client: pg.Client, queries: string[], major = 16, inTransaction = false): Promise<PlanOrError[]> {
  const results: PlanOrError[] = [];
  for (const query of queries) {
    const parameterised = isParameterised(query);
    if (parameterised && major < 16) {
      results.push({ error: 'a parameterised query needs EXPLAIN (GENERIC_PLAN), which PostgreSQL 16+ has: skipped on this version' });
      continue;
    }
    // Inside a transaction a failed EXPLAIN would abort it for the queries after: a savepoint each.
    if (inTransaction) await client.query('SAVEPOINT pg_dba_review_explain');
    try {
      const rows = (await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON${parameterised ? ', GENERIC_PLAN' : ''}) ${query}`)).rows;
      results.push({ plan: summarizePlan(rows[0]!['QUERY PLAN'][0]!.Plan) });
      if (inTransaction) await client.query('RELEASE SAVEPOINT pg_dba_review_explain');
    } catch (error) {
      results.push({ error: errorMessage(error) });
      if (inTransaction) await client.query('ROLLBACK TO SAVEPOINT pg_dba_review_explain');
    }
  }
  return results;
}

/** Whether the query has $n parameters (outside string literals and quoted names). */
export function isParameterised(query: string): boolean {
  return /\$\d+/.test(query.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ''));
}

interface PlanNode {
  'Node Type': string;
  'Total Cost': number;
  'Plan Rows'?: number;
  'Relation Name'?: string;
  'Index Name'?: string;
  Schema?: string;
  Plans?: PlanNode[];
}

function summarizePlan(root: PlanNode): PlanSummary {
  const nodes: string[] = [];
  const seqScans: string[] = [];
  const indexes: string[] = [];
  const visit = (node: PlanNode) => {
    nodes.push(node['Node Type']);
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) seqScans.push(node['Relation Name']);
    if (node['Index Name'] && !indexes.includes(node['Index Name'])) indexes.push(node['Index Name']);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root);
  return { totalCost: root['Total Cost'], ...(root['Plan Rows'] !== undefined ? { rows: root['Plan Rows'] } : {}), nodes, seqScans, indexes };
}

/** A plan regressed when it became clearly more expensive or started scanning a table. */
export function isRegression(before: PlanSummary, after: PlanSummary): boolean {
  const newScan = after.seqScans.some((table) => !before.seqScans.includes(table));
  return newScan || after.totalCost > before.totalCost * 1.2;
}
