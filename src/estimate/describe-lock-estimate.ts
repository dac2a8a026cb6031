import type { LockBudget } from '../review/review-request.js';
import type { LockEstimate } from './lock-estimate.js';

/** Where an estimate stands against the lock budget. */
export interface BudgetJudgement {
  /** The budget that applies: blocking reads, else blocking writes. */
  budgetMs: number;
  kind: 'reads' | 'writes';
  within: boolean;
}

export function judgeAgainstBudget(estimate: LockEstimate, budget: LockBudget): BudgetJudgement | undefined {
  if (estimate.heldMs === undefined) return undefined;
  const kind = estimate.blocks.includes('reads') ? 'reads' : 'writes';
  const budgetMs = kind === 'reads' ? budget.readsMs : budget.writesMs;
  return { budgetMs, kind, within: estimate.heldMs <= budgetMs };
}

/**
 * Pure: the sentence a finding carries about production, e.g. "blocks writes of
 * public.orders for ≈ 3 min 10 s on 25,000,000 rows (measured 0.76 s on 100,000 synthetic
 * rows, extrapolated n·log n): over the budget of 5 s".
 */
export function describeLockEstimate(estimate: LockEstimate, judgement?: BudgetJudgement): string {
  if (estimate.heldMs === undefined) return `No estimate on production's ${count(estimate.productionRows)} rows of ${estimate.table}: ${estimate.reason ?? 'not calibrated'}.`;
  const what = estimate.blocks.includes('reads') ? 'reads and writes' : 'writes';
  const rest = estimate.statementMs !== undefined && estimate.heldMs > estimate.statementMs * 1.1 ? `; the lock is held to the end of its transaction, this statement itself ≈ ${formatEstimate(estimate.statementMs)}` : '';
  const head = `On production this blocks ${what} of ${estimate.table} for ≈ ${formatEstimate(estimate.heldMs)} on ${count(estimate.productionRows)} rows (${method(estimate)}${rest})`;
  if (!judgement) return `${head}.`;
  const budget = `the lock budget of ${formatEstimate(judgement.budgetMs)} for blocking ${judgement.kind}`;
  return judgement.within ? `${head}: within ${budget}.` : `${head}: over ${budget}.`;
}

/** How the figure was made, with the measurements behind it. */
export function method(estimate: LockEstimate): string {
  const largest = estimate.measurements.reduce<LockEstimate['measurements'][number] | undefined>((a, b) => (!a || b.rows > a.rows ? b : a), undefined);
  switch (estimate.method) {
    case 'measured':
      return `measured ${formatEstimate(largest!.ms)} on ${count(largest!.rows)} synthetic rows${parallelism(estimate)}`;
    case 'calibrated':
      return `measured ${estimate.measurements.map((m) => `${formatEstimate(m.ms)} on ${count(m.rows)}`).join(' and ')} synthetic rows${parallelism(estimate)}, extrapolated ${estimate.growth === 'linear' ? 'linearly' : 'as n·log n'}`;
    case 'sandbox':
      return `the sandbox's ${formatEstimate(estimate.sandboxMs)}: a table this small is not calibrated`;
    default:
      return estimate.reason ?? 'no estimate';
  }
}

/** What the calibration builds assumed of production's parallelism. */
function parallelism(estimate: LockEstimate): string {
  if (estimate.parallelWorkers === undefined) return '';
  if (estimate.parallelWorkers === 0) return ", built without parallel workers as Postgres plans it for production's size";
  return `, built with the ${estimate.parallelWorkers === 1 ? '1 parallel worker' : `${estimate.parallelWorkers} parallel workers`} Postgres plans for production's size`;
}

/** "4.2 ms", "0.76 s", "3 min 10 s", "1 h 5 min". */
export function formatEstimate(ms: number): string {
  if (ms >= 1000 && ms < 60_000 && ms % 1000 === 0) return `${ms / 1000} s`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}

function count(rows: number): string {
  return Math.round(rows).toLocaleString('en-US');
}
