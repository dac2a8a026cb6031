import type { ProbotOctokit } from 'probot';
import type { TreeEntry } from '../review/ports.js';
import type { RepoRef } from './create-check-run.js';
import { maxFileBytesFromEnv, toMigrationText } from './to-migration-text.js';

/**
 * A file's text at a ref (raw media type: no base64, up to 100 MB), or null on 404. Files over
 * the size limit and binary files are refused with a message for the pull request.
 */
export async function fetchFileContent(octokit: ProbotOctokit, repo: RepoRef, path: string, ref: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref, mediaType: { format: 'raw' } });
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data as unknown as ArrayBuffer);
    return toMigrationText(path, bytes, maxFileBytesFromEnv());
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Blob texts by SHA; a SHA names one content forever, so they are cached across reviews. */
const blobCache = new Map<string, string>();
const BLOB_CACHE_ENTRIES = 5000;

export async function fetchBlob(octokit: ProbotOctokit, repo: RepoRef, sha: string): Promise<string> {
  const cached = blobCache.get(sha);
  if (cached !== undefined) return cached;
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
  const text = toMigrationText(`the applied migration (blob ${sha.slice(0, 7)})`, Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'), maxFileBytesFromEnv());
  if (blobCache.size >= BLOB_CACHE_ENTRIES) blobCache.delete(blobCache.keys().next().value!);
  blobCache.set(sha, text);
  return text;
}

/** Every blob of a commit's tree, in one recursive request. */
export async function listTree(octokit: ProbotOctokit, repo: RepoRef, ref: string): Promise<TreeEntry[]> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: ref, recursive: 'true' });
  // GitHub cuts recursive trees at 100,000 entries / 7 MB; a partial history would be wrong.
  if (data.truncated) throw new Error(`the base tree of ${ref.slice(0, 7)} is larger than GitHub returns in one request (100,000 entries), so the migration history cannot be read; review this repository with the CLI or the Action instead`);
  return data.tree.filter((e) => e.type === 'blob' && e.path && e.sha).map((e) => ({ path: e.path!, sha: e.sha! }));
}
