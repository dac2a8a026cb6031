import type { MigrationPlan } from './build-migration-plan.js';
import type { MigrationFile } from './migration-file.js';

/**
 * The down migrations of a change, in the order a rollback runs them (newest first), when
 * every new migration has one: its down section (dbmate, node-pg-migrate) or its down file
 * (golang-migrate `.down.sql`, diesel `down.sql`, sqitch revert). With any missing there is no
 * complete rollback to verify, and the review generates the inverse statements instead.
 */
export async function collectDownMigrations(
  plan: MigrationPlan,
  rawUps: MigrationFile[],
  readDownFile: (path: string) => Promise<string | null>,
): Promise<MigrationFile[] | undefined> {
  if (rawUps.length === 0) return undefined;
  const downs: MigrationFile[] = [];
  for (const up of rawUps) {
    const section = plan.preset.downSql?.(up.content);
    if (section !== undefined) {
      downs.push({ path: `${up.path} (down section)`, content: section });
      continue;
    }
    const downPath = plan.downs[up.path];
    const content = downPath ? await readDownFile(downPath) : null;
    if (!downPath || content === null) return undefined;
    downs.push({ path: downPath, content });
  }
  return downs.reverse();
}
