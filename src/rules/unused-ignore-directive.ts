import { defineRule } from './define-rule.js';

/**
 * Reported by runRules after every other rule ran, since only then is it known what a
 * directive suppressed; its own check finds nothing.
 */
export const unusedIgnoreDirective = defineRule({
  name: 'unused-ignore-directive',
  meta: {
    severity: 'warning',
    summary: 'A pg-dba-review directive suppresses nothing.',
    why: 'A stale or mistyped directive hides nothing today but will silently hide a real finding after the next edit of the statement, and a directive without a reason leaves the next reviewer guessing why the danger was accepted.',
    safeAlternative:
      'Remove the directive, fix the rule name, or move it onto (or directly above) the statement it is meant for, and give the reason: `-- pg-dba-review: ignore <rule> -- <why this is safe here>`.',
  },
  needs: ['statements'],
  check: () => [],
});
