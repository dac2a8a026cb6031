/**
 * Errors are split by reader (STYLE habit 9): a UsageError is the user's to fix (bad option,
 * missing file, invalid config) and a SandboxError says the bot itself could not run (Postgres
 * did not start, a base migration failed). Both carry a sentence phrased as the activity.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Whether the command's usage text helps (a wrong option) or not (a missing file). */
  readonly showUsage: boolean;
  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? true;
  }
}

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
