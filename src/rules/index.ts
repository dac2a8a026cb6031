import type { Rule } from './define-rule.js';
import { baseStatementSkipped } from './base-statement-skipped.js';
import { rlsEnabledWithoutPolicy } from './rls-enabled-without-policy.js';
import { rlsDisabledInExposedSchema } from './rls-disabled-in-exposed-schema.js';
import { policyCommandsNotCovered } from './policy-commands-not-covered.js';
import { policyWithoutRls } from './policy-without-rls.js';
import { policyFunctionPerRow } from './policy-function-per-row.js';
import { grantWriteToPublic } from './grant-write-to-public.js';
import { grantToPublic } from './grant-to-public.js';
import { securityDefinerWithoutSearchPath } from './security-definer-without-search-path.js';
import { securityDefinerExecutableByPublic } from './security-definer-executable-by-public.js';
import { viewBypassesRls } from './view-bypasses-rls.js';
import { schemaCreateToPublic } from './schema-create-to-public.js';
import { fkWithoutIndex } from './fk-without-index.js';
import { duplicateIndex } from './duplicate-index.js';
import { redundantIndex } from './redundant-index.js';
import { unloggedTable } from './unlogged-table.js';
import { dataDestroyed } from './data-destroyed.js';
import { rewriteNeedsFreeDisk } from './rewrite-needs-free-disk.js';
import { queryPlanRegression } from './query-plan-regression.js';
import { rollbackDoesNotRestore } from './rollback-does-not-restore.js';
import { irreversibleWithoutDownMigration } from './irreversible-without-down-migration.js';
import { concurrentIndexIfNotExists } from './concurrent-index-if-not-exists.js';
import { productionQueryRegression } from './production-query-regression.js';
import { dropForeignKeyLocksReferencedTable } from './drop-foreign-key-locks-referenced-table.js';
import { exclusiveLockHeldAcrossStatements } from './exclusive-lock-held-across-statements.js';
import { banAlterDomainAddConstraint } from './ban-alter-domain-add-constraint.js';
import { addingRequiredColumn } from './adding-required-column.js';
import { banConcurrentIndexOnPartitionedTable } from './ban-concurrent-index-on-partitioned-table.js';
import { invalidIndexLeftBehind } from './invalid-index-left-behind.js';
import { preferBigintKeys } from './prefer-bigint-keys.js';
import { preferNumericForMoney } from './prefer-numeric-for-money.js';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { requireFkOnDelete } from './require-fk-on-delete.js';
import { namingConvention } from './naming-convention.js';
import { changingColumnType } from './changing-column-type.js';
import { banDropColumn } from './ban-drop-column.js';
import { banDropTable } from './ban-drop-table.js';
import { banRenameColumn } from './ban-rename-column.js';
import { banRenameTable } from './ban-rename-table.js';
import { banCascade } from './ban-cascade.js';
import { banConcurrentIndexInTransaction } from './ban-concurrent-index-in-transaction.js';
import { requireConcurrentDropIndex } from './require-concurrent-drop-index.js';
import { requireConcurrentReindex } from './require-concurrent-reindex.js';
import { enumValueUsedInSameTransaction } from './enum-value-used-in-same-transaction.js';
import { requireCheckBeforeAttachPartition } from './require-check-before-attach-partition.js';
import { requireConcurrentDetachPartition } from './require-concurrent-detach-partition.js';
import { backfillUnderDdlLock } from './backfill-under-ddl-lock.js';
import { banWholeTableDml } from './ban-whole-table-dml.js';
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
  'changing-column-type': changingColumnType,
  'ban-drop-column': banDropColumn,
  'ban-drop-table': banDropTable,
  'ban-rename-column': banRenameColumn,
  'ban-rename-table': banRenameTable,
  'ban-cascade': banCascade,
  'ban-concurrent-index-in-transaction': banConcurrentIndexInTransaction,
  'require-concurrent-drop-index': requireConcurrentDropIndex,
  'require-concurrent-reindex': requireConcurrentReindex,
  'enum-value-used-in-same-transaction': enumValueUsedInSameTransaction,
  'require-check-before-attach-partition': requireCheckBeforeAttachPartition,
  'require-concurrent-detach-partition': requireConcurrentDetachPartition,
  'backfill-under-ddl-lock': backfillUnderDdlLock,
  'ban-whole-table-dml': banWholeTableDml,
  'prefer-bigint-keys': preferBigintKeys,
  'prefer-numeric-for-money': preferNumericForMoney,
  'prefer-timestamptz': preferTimestamptz,
  'require-fk-on-delete': requireFkOnDelete,
  'naming-convention': namingConvention,
  'adding-required-column': addingRequiredColumn,
  'ban-concurrent-index-on-partitioned-table': banConcurrentIndexOnPartitionedTable,
  'invalid-index-left-behind': invalidIndexLeftBehind,
  'ban-alter-domain-add-constraint': banAlterDomainAddConstraint,
  'exclusive-lock-held-across-statements': exclusiveLockHeldAcrossStatements,
  'drop-foreign-key-locks-referenced-table': dropForeignKeyLocksReferencedTable,
  'concurrent-index-if-not-exists': concurrentIndexIfNotExists,
  // Judged from the catalog of the migrated branch, the EXPLAINs and the rollback (needs: catalog).
  'rls-enabled-without-policy': rlsEnabledWithoutPolicy,
  'rls-disabled-in-exposed-schema': rlsDisabledInExposedSchema,
  'policy-commands-not-covered': policyCommandsNotCovered,
  'policy-without-rls': policyWithoutRls,
  'policy-function-per-row': policyFunctionPerRow,
  'grant-write-to-public': grantWriteToPublic,
  'grant-to-public': grantToPublic,
  'security-definer-without-search-path': securityDefinerWithoutSearchPath,
  'security-definer-executable-by-public': securityDefinerExecutableByPublic,
  'view-bypasses-rls': viewBypassesRls,
  'schema-create-to-public': schemaCreateToPublic,
  'fk-without-index': fkWithoutIndex,
  'duplicate-index': duplicateIndex,
  'redundant-index': redundantIndex,
  'unlogged-table': unloggedTable,
  'data-destroyed': dataDestroyed,
  'rewrite-needs-free-disk': rewriteNeedsFreeDisk,
  'query-plan-regression': queryPlanRegression,
  'rollback-does-not-restore': rollbackDoesNotRestore,
  'irreversible-without-down-migration': irreversibleWithoutDownMigration,
  'production-query-regression': productionQueryRegression,
  'base-statement-skipped': baseStatementSkipped,
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof rules;
