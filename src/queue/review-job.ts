/**
 * One review waiting in the shared queue: everything a worker on another machine needs to run
 * it and publish its result, with no webhook payload (plain data, JSON in pg-boss).
 */
export interface ReviewJob {
  /** The GitHub App installation whose token the worker asks for. */
  installationId: number;
  owner: string;
  repo: string;
  /** Absent for a merge group. */
  pullNumber?: number | undefined;
  baseSha: string;
  headSha: string;
  trigger: string;
  /** X-GitHub-Delivery of the event that asked for it (idempotency, logs). */
  deliveryId: string;
  /** The check run the receiver created in progress; the worker completes it. */
  checkRunId: number;
  /** `owner/repo#pr` (or `#merge-group:<sha>`): one active review per key. */
  key: string;
}

/** The key that serialises reviews: one pull request, or one merge-group commit. */
export function toReviewKey(owner: string, repo: string, pullNumber: number | undefined, headSha: string): string {
  return `${owner}/${repo}#${pullNumber ?? `merge-group:${headSha}`}`;
}
