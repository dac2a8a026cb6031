import type { ProbotOctokit } from 'probot';
import { PERMISSION_LEVELS } from '../config/config.schema.js';
import type { RepoRef } from './create-check-run.js';

export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/**
 * The commenter's permission on the repository, from the API (not the payload's
 * author_association, which says nothing about write access for organisation members).
 * `role_name` distinguishes maintain and triage; custom roles fall back to their base permission.
 */
export async function getPermissionLevel(octokit: ProbotOctokit, repo: RepoRef, username: string): Promise<PermissionLevel> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
  const role = (data as { role_name?: string }).role_name;
  if (role && (PERMISSION_LEVELS as readonly string[]).includes(role)) return role as PermissionLevel;
  return (PERMISSION_LEVELS as readonly string[]).includes(data.permission) ? (data.permission as PermissionLevel) : 'none';
}

export function hasPermission(actual: PermissionLevel, required: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(actual) >= PERMISSION_LEVELS.indexOf(required);
}
