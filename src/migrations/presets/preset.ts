import type { PresetName } from './preset-names.js';

/** What a file is to its migration tool. */
export type MigrationRole = 'up' | 'down' | 'repeatable';

export interface MigrationEntry {
  path: string;
  role: MigrationRole;
  /** The tool's version or ordering key ("1.2", "20240101120000", "0003"); the name for repeatables. */
  version: string;
}

/**
 * One migration tool: where its files live, what each file is, in which order the tool
 * applies them, and which part of a file runs on the way up. Pure: paths and text only.
 */
export interface Preset {
  name: PresetName;
  /** Globs of the tool's files, relative to the repository root. */
  include: string[];
  /** What a matched file is, or undefined when it is not a migration (a README, a snapshot...). */
  classify(path: string): MigrationEntry | undefined;
  /** The tool's order; repeatables always run after versioned migrations. */
  compareVersions(a: string, b: string): number;
  /**
   * The SQL that runs on the way up, with every other line blanked so line numbers stay
   * those of the file. Files holding both directions (dbmate, node-pg-migrate) need it.
   */
  upSql?(content: string): string;
  /** The down section of such a file, lines kept in place; undefined when it has none. */
  downSql?(content: string): string | undefined;
  /** A file whose text decides the order (sqitch.plan): the paths it lists, first to last. */
  orderFile?: { path: string; parse(content: string): string[] };
  /**
   * Whether the tool runs this up migration in a transaction (the default when absent): false
   * when the file or its metadata opts out (goose `NO TRANSACTION`, dbmate `transaction:false`,
   * diesel `run_in_transaction = false`). Statements that refuse a transaction block are
   * detected from the SQL itself whatever this says.
   */
  runsInTransaction?(content: string, metadata: string | undefined): boolean;
  /** A file beside each migration holding its settings (diesel `metadata.toml`), by the migration's path. */
  metadataFile?(path: string): string;
  /**
   * What the platform has before the first migration (Supabase's roles and schemas): the roles
   * the sandbox makes itself, and SQL applied before the base history.
   */
  prelude?: { roles: string[]; file: { path: string; content: string } };
}

/** Natural order: 2 before 10, so numbered and timestamped files sort as every runner sorts them. */
export function compareNatural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Dotted numeric versions (Flyway "1.10" after "1.9"), segment by segment. */
export function compareDotted(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const diff = compareNatural(as[i] ?? '0', bs[i] ?? '0');
    if (diff !== 0) return diff;
  }
  return 0;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A tool whose migration is one file `<version><separator><name>.sql` holding an up and a down
 * section, each opened by a marker comment (dbmate, node-pg-migrate): only the up section runs
 * on the way up, the down section is its rollback.
 */
export function sectionedFilePreset(options: {
  name: PresetName;
  include: string[];
  file: RegExp;
  isUp: (line: string) => boolean;
  isDown: (line: string) => boolean;
  runsInTransaction?: (content: string) => boolean;
}): Preset {
  return {
    ...(options.runsInTransaction ? { runsInTransaction: options.runsInTransaction } : {}),
    name: options.name,
    include: options.include,
    classify(path) {
      const match = options.file.exec(baseName(path));
      return match ? { path, role: 'up', version: match[1]! } : undefined;
    },
    compareVersions: compareNatural,
    upSql: (content) => keepSection(content, options.isUp, options.isDown),
    downSql: (content) => keepDownSection(content, options.isUp, options.isDown),
  };
}

/** The section after a down marker (until the next up marker), or undefined when there is none. */
export function keepDownSection(content: string, isUp: (line: string) => boolean, isDown: (line: string) => boolean): string | undefined {
  if (!content.split('\n').some(isDown)) return undefined;
  const down = keepSection(content, isDown, isUp);
  return down.trim() === '' ? undefined : down;
}

/**
 * Keeps the lines between an up marker and the next down marker; blanks the rest (line numbers
 * are kept). Without any up marker the whole file is the up migration.
 */
export function keepSection(content: string, isUp: (line: string) => boolean, isDown: (line: string) => boolean): string {
  const lines = content.split('\n');
  if (!lines.some(isUp)) return content;
  let inUp = false;
  return lines
    .map((line) => {
      if (isUp(line)) {
        inUp = true;
        return '';
      }
      if (isDown(line)) {
        inUp = false;
        return '';
      }
      return inUp ? line : '';
    })
    .join('\n');
}

/**
 * A migration as the engine runs it: only the up part of the text, and `noTransaction` when the
 * tool would run it outside a transaction.
 */
export function toUpMigration(preset: Preset, file: { path: string; content: string }, metadata?: string): { path: string; content: string; noTransaction?: true } {
  const content = preset.upSql ? preset.upSql(file.content) : file.content;
  const transactional = preset.runsInTransaction ? preset.runsInTransaction(file.content, metadata) : true;
  return { path: file.path, content, ...(transactional ? {} : { noTransaction: true as const }) };
}
