import { NotRun } from '../review/run-pull-request-review.js';
import { findUnreadableInput } from '../sql/find-unreadable-input.js';

export { DEFAULT_MAX_FILE_BYTES, maxFileBytesFromEnv } from '../sql/find-unreadable-input.js';

/**
 * A file's bytes as migration text, or a NotRun the pull request is told about (a neutral
 * check naming the file). The checks are the engine's (findUnreadableInput, which runReview
 * applies to every door's files); here they run on the raw bytes, before the history is read.
 */
export function toMigrationText(path: string, bytes: Buffer, maxBytes: number): string {
  const refused = findUnreadableInput(path, bytes, maxBytes);
  if (refused !== undefined) throw new NotRun(refused);
  return bytes.toString('utf8');
}
