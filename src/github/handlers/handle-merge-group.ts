import type { Context } from 'probot';
import type { AppDependencies } from '../app-dependencies.js';
import { startReview } from '../start-review.js';

/** merge_group checks_requested → the same check on the queue's temporary commit, so merge queues work. */
export async function handleMergeGroup(context: Context<'merge_group'>, deps: AppDependencies & { botLogin: string }): Promise<void> {
  const group = context.payload.merge_group;
  await startReview(context, { baseSha: group.base_sha, headSha: group.head_sha, trigger: 'merge_group.checks_requested' }, deps);
}
