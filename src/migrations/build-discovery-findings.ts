import type { MigrationPlan } from './build-migration-plan.js';

/** Same shape as a rule's finding, so the report shows it like one. */
export interface DiscoveryFinding {
  rule: 'edited-applied-migration' | 'out-of-order-migration';
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
  fix: string;
}

/** Problems visible from file names alone: history rewritten, or new files sorted into the past. */
export function buildDiscoveryFindings(plan: MigrationPlan): DiscoveryFinding[] {
  const edited = plan.edited.map(
    (e): DiscoveryFinding => ({
      rule: 'edited-applied-migration',
      severity: 'error',
      file: e.path,
      line: 1,
      message:
        e.change === 'removed'
          ? `${e.path} is already on the base branch, so it has run on deployed databases; deleting it does not undo it and makes new environments differ from old ones.`
          : e.change === 'renamed'
            ? `${e.previousPath} is already on the base branch; renaming it to ${e.path} makes ${plan.preset.name === 'sql' ? 'the runner' : plan.preset.name} see a new migration and run it again.`
            : `${e.path} is already on the base branch, so it has run on deployed databases; this edit will never run there${plan.preset.name === 'flyway' ? ', and Flyway will refuse to migrate on the checksum mismatch' : ''}.`,
      fix: 'Leave applied migrations as they are and put the change in a new migration file.',
    }),
  );
  const outOfOrder = plan.outOfOrder.map(
    (m): DiscoveryFinding => ({
      rule: 'out-of-order-migration',
      severity: 'warning',
      file: m.path,
      line: 1,
      message: `${m.path} (version ${m.version}) sorts before migrations already on the base branch; ${plan.preset.name === 'flyway' ? 'Flyway refuses it unless outOfOrder is enabled' : 'many runners skip or refuse it on databases that are already past it'}.`,
      fix: 'Give the migration a version after the latest applied one.',
    }),
  );
  return [...edited, ...outOfOrder];
}
