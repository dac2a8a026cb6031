import type { Finding } from '../rules/run-rules.js';
import type { Review } from './review.js';
import { decideVerdict } from './decide-verdict.js';

/** `/pg-review ignore <rule> <reason>`, as recorded on the pull request. */
export interface Acknowledgement {
  rule: string;
  reason: string;
  by: string;
}

/**
 * Moves findings of acknowledged rules out of `findings` into `acknowledged` (still shown,
 * no longer blocking) and adds findings from outside the engine (migration discovery), then
 * decides the verdict again with decideVerdict, as buildReview does. Pure.
 */
export function applyAcknowledgements(review: Review, acknowledgements: Acknowledgement[], extraFindings: Finding[] = []): Review {
  const byRule = new Map(acknowledgements.map((a) => [a.rule, a]));
  const all = [...extraFindings, ...review.findings];
  const findings = all.filter((f) => !byRule.has(f.rule));
  const acknowledged = all.filter((f) => byRule.has(f.rule)).map((f) => ({ ...f, reason: byRule.get(f.rule)!.reason, by: byRule.get(f.rule)!.by }));
  const verdict = decideVerdict({ ...review, findings });
  return { ...review, verdict, findings, ...(acknowledged.length > 0 || review.acknowledged ? { acknowledged: [...(review.acknowledged ?? []), ...acknowledged] } : {}) };
}
