import { UsageError } from './errors.js';

/** One setting a migration runner gives its session (`SET name = value`), applied before each file. */
export interface SessionSetting {
  name: string;
  value: string;
}

/**
 * A run-time parameter's name as Postgres spells one: an identifier, or a two-part custom
 * name (`app.tenant`) as extensions and applications define them.
 */
export const GUC_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/** Longest value accepted; real settings are short, and a runner's pre-script would not hold more. */
const MAX_VALUE_LENGTH = 1000;

/**
 * Settings a runner may set but the review must not: they would change who the migration
 * runs as, switch off triggers and foreign keys, load server code, or lift the sandbox's own
 * guards. (Superuser-only settings fail when applied, with Postgres' message.)
 */
const REFUSED: Record<string, string> = {
  role: 'it changes the role the migration runs as; the review runs it as the review role',
  session_authorization: 'it changes the role the migration runs as; the review runs it as the review role',
  session_replication_role: 'it disables triggers and foreign-key checks, so the review would measure another migration',
  local_preload_libraries: 'it loads server libraries into the session',
  session_preload_libraries: 'it loads server libraries into the session',
  dynamic_library_path: 'it chooses where server libraries are loaded from',
  jit_provider: 'it loads a server library',
  temp_file_limit: 'it is the sandbox\'s disk guard',
  transaction_isolation: 'it applies to one transaction only: set default_transaction_isolation',
  transaction_read_only: 'it applies to one transaction only: set default_transaction_read_only',
  transaction_deferrable: 'it applies to one transaction only: set default_transaction_deferrable',
};

/** `NAME=VALUE` (the CLI's --session-setting) → a validated setting. */
export function parseSessionSetting(text: string): SessionSetting {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`--session-setting takes NAME=VALUE, e.g. lock_timeout=5s (got "${text}")`);
  return checkSessionSetting(text.slice(0, equals).trim(), text.slice(equals + 1).trim());
}

/** The config's `migrations.sessionSettings` map (YAML scalars) → validated settings, in file order. */
export function toSessionSettings(map: Record<string, string | number | boolean>): SessionSetting[] {
  return Object.entries(map).map(([name, value]) => checkSessionSetting(name, typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)));
}

/**
 * Checks one setting: its name must be a run-time parameter's name and not one the review
 * refuses; its value a single line. The value is never spliced into SQL: it is applied with
 * `set_config($1, $2, false)`, so Postgres parses it as the value of `SET name = 'value'`.
 */
export function checkSessionSetting(name: string, value: string): SessionSetting {
  if (!GUC_NAME.test(name)) throw new UsageError(`session setting "${name}" is not a Postgres setting name (letters, digits and _, e.g. lock_timeout)`, { showUsage: false });
  const refused = REFUSED[name.toLowerCase()];
  if (refused) throw new UsageError(`session setting "${name}" is refused: ${refused}`, { showUsage: false });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new UsageError(`session setting "${name}": the value must be one line of printable text`, { showUsage: false });
  if (value.length > MAX_VALUE_LENGTH) throw new UsageError(`session setting "${name}": the value is longer than ${MAX_VALUE_LENGTH} characters`, { showUsage: false });
  return { name: name.toLowerCase(), value };
}

/** Later settings of the same name win, as later SETs do; the order of first appearance is kept. */
export function mergeSessionSettings(...lists: SessionSetting[][]): SessionSetting[] {
  const merged = new Map<string, SessionSetting>();
  for (const setting of lists.flat()) merged.set(setting.name, setting);
  return [...merged.values()];
}
