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
}

export type PlanOrError = { plan: PlanSummary } | { error: string };

/**
 * EXPLAINs (FORMAT JSON, without ANALYZE: nothing executes) each configured query in the given
 * session, which is the unprivileged migration role's, so no user object fires with privilege.
 */
export async function explainQueries(client: pg.Client, queries: string[]): Promise<PlanOrError[]> {
  const results: PlanOrError[] = [];
  for (const query of queries) {
    try {
      const rows = (await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${query}`)).rows;
      results.push({ plan: summarizePlan(rows[0]!['QUERY PLAN'][0]!.Plan) });
    } catch (error) {
      results.push({ error: errorMessage(error) });
    }
  }
  return results;
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
