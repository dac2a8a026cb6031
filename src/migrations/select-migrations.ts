import picomatch from 'picomatch';

export interface MigrationGlobs {
  include: string[];
  exclude: string[];
}

/** Paths that match the globs, in the order a migration runner applies them (natural sort). */
export function selectMigrations(paths: string[], globs: MigrationGlobs): string[] {
  const included = picomatch(globs.include, { dot: true });
  const excluded = globs.exclude.length > 0 ? picomatch(globs.exclude, { dot: true }) : () => false;
  return paths.filter((p) => included(p) && !excluded(p)).sort(compareMigrationPaths);
}

/** Natural order, so 2_x.sql comes before 10_x.sql as every runner applies them. */
export function compareMigrationPaths(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
