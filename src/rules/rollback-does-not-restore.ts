import { defineRule } from './define-rule.js';

export const rollbackDoesNotRestore = defineRule({
  name: 'rollback-does-not-restore',
  meta: {
    severity: 'warning',
    section: 'verification',
    summary: 'The down migration fails, or leaves a schema other than the base.',
    why: 'The down migration was run in the sandbox right after the up migrations: it failed, or the catalog afterwards differs from the base. The deploy itself is not at risk, which is why this is a warning, but the rollback plan is: whoever runs it during an incident finds out then.',
    safeAlternative: 'Fix the down migration until up → down leaves exactly the base schema (the review lists the differences), or remove it and say the change is forward-only.',
  },
  needs: ['catalog'],
  check: (context) => {
    const rollback = context.catalog?.rollback;
    if (!rollback || rollback.source !== 'down-migration') return [];
    const files = rollback.files.join(', ');
    if (rollback.status === 'failed' && rollback.error) {
      return [{ file: rollback.error.file, line: rollback.error.line, message: `The down migration fails after the up migrations: ${rollback.error.message}.`, evidence: { kind: 'rollback' } }];
    }
    if (rollback.status === 'differs') {
      const shown = rollback.differences.slice(0, 5).map((d) => `${d.change} ${d.kind} ${d.name}`);
      return [
        {
          file: rollback.files[0] ?? context.files[0]?.path ?? '',
          line: 0,
          message: `After the up migrations and ${files}, ${rollback.differences.length} schema ${rollback.differences.length === 1 ? 'difference' : 'differences'} from the base remain: ${shown.join('; ')}${rollback.differences.length > shown.length ? '; …' : ''}.`,
          evidence: { kind: 'rollback' },
        },
      ];
    }
    return [];
  },
});
