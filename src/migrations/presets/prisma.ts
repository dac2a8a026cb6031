import { compareNatural, type Preset } from './preset.js';

const FILE = /(?:^|\/)migrations\/([^/]+)\/migration\.sql$/;

/** Prisma Migrate: `prisma/migrations/<timestamp>_<name>/migration.sql`, ordered by folder name. */
export const prismaPreset: Preset = {
  name: 'prisma',
  include: ['**/migrations/*/migration.sql'],
  classify(path) {
    const match = FILE.exec(path);
    return match ? { path, role: 'up', version: match[1]! } : undefined;
  },
  compareVersions: compareNatural,
};
