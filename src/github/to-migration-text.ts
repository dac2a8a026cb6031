import { NotRun } from '../review/run-pull-request-review.js';

/** Largest file the App reads from a repository (PG_DBA_REVIEW_MAX_FILE_BYTES, default 2 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function maxFileBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PG_DBA_REVIEW_MAX_FILE_BYTES);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_FILE_BYTES;
}

/**
 * A file's bytes as migration text, or a NotRun the pull request is told about (a neutral
 * check naming the file): larger than the limit (a data dump would tie up a sandbox and blow
 * GitHub's output limits), or not text at all (a binary file matching the migration globs:
 * NUL bytes or invalid UTF-8).
 */
export function toMigrationText(path: string, bytes: Buffer, maxBytes: number): string {
  if (bytes.length > maxBytes) {
    throw new NotRun(
      `${path} is ${formatMiB(bytes.length)}, over the ${formatMiB(maxBytes)} limit for one file; split it, or move bulk data out of migrations (the operator sets the limit with PG_DBA_REVIEW_MAX_FILE_BYTES)`,
    );
  }
  const binary = () => new NotRun(`${path} is not a text file (it looks binary) but matches the migration globs; exclude it with \`migrations.exclude\` or rename it`);
  if (bytes.includes(0)) throw binary();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw binary();
  }
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
