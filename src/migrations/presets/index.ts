import { dbmatePreset } from './dbmate.js';
import { dieselPreset } from './diesel.js';
import { drizzlePreset } from './drizzle.js';
import { flywayPreset } from './flyway.js';
import { golangMigratePreset } from './golang-migrate.js';
import { goosePreset } from './goose.js';
import { nodePgMigratePreset } from './node-pg-migrate.js';
import type { Preset } from './preset.js';
import type { PresetName } from './preset-names.js';
import { prismaPreset } from './prisma.js';
import { sqitchPreset } from './sqitch.js';
import { sqlPreset } from './sql.js';
import { supabasePreset } from './supabase.js';

export const presets = {
  sql: sqlPreset,
  flyway: flywayPreset,
  'golang-migrate': golangMigratePreset,
  dbmate: dbmatePreset,
  prisma: prismaPreset,
  supabase: supabasePreset,
  drizzle: drizzlePreset,
  sqitch: sqitchPreset,
  'node-pg-migrate': nodePgMigratePreset,
  diesel: dieselPreset,
  goose: goosePreset,
} satisfies Record<PresetName, Preset>;
