import type { Rule } from './define-rule.js';
import { requireLockTimeout } from './require-lock-timeout.js';
import { constraintMissingNotValid } from './constraint-missing-not-valid.js';
import { addingForeignKey } from './adding-foreign-key.js';
import { setNotNullWithoutCheck } from './set-not-null-without-check.js';
import { notValidAndValidateSameTransaction } from './not-valid-and-validate-same-transaction.js';
import { requireUniqueUsingIndex } from './require-unique-using-index.js';
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
  'require-lock-timeout': requireLockTimeout,
  'constraint-missing-not-valid': constraintMissingNotValid,
  'adding-foreign-key': addingForeignKey,
  'set-not-null-without-check': setNotNullWithoutCheck,
  'not-valid-and-validate-same-transaction': notValidAndValidateSameTransaction,
  'require-unique-using-index': requireUniqueUsingIndex,
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof rules;
