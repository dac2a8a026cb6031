import type { Rule } from './define-rule.js';
import { migrationFailed } from './migration-failed.js';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { syntaxError } from './syntax-error.js';
import { tableRewriteUnderExclusiveLock } from './table-rewrite-under-exclusive-lock.js';
import { unusedIgnoreDirective } from './unused-ignore-directive.js';

/** Every rule, by the one name used for its file, doc page, config key and findings[].rule. */
export const rules = {
  'syntax-error': syntaxError,
  'migration-failed': migrationFailed,
  'require-concurrent-index': requireConcurrentIndex,
  'table-rewrite-under-exclusive-lock': tableRewriteUnderExclusiveLock,
  'unused-ignore-directive': unusedIgnoreDirective,
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof rules;
