/** The migration tools whose layout, ordering and up/down pairing we know. */
export const PRESET_NAMES = ['sql', 'flyway', 'golang-migrate', 'dbmate', 'prisma', 'supabase', 'drizzle', 'sqitch', 'node-pg-migrate', 'diesel', 'goose'] as const;

export type PresetName = (typeof PRESET_NAMES)[number];
