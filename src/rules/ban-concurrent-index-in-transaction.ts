import { mustRunOutsideTransaction, planTransactions, transactionControl } from '../sql/plan-transactions.js';
import { defineRule } from './define-rule.js';

export const banConcurrentIndexInTransaction = defineRule({
  name: 'ban-concurrent-index-in-transaction',
  meta: {
    severity: 'error',
    summary: 'CONCURRENTLY (or another statement that refuses a transaction block) inside BEGIN ... COMMIT.',
    why: 'CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY and VACUUM cannot run inside a transaction block: Postgres rejects them with "cannot run inside a transaction block" (SQLSTATE 25001) and the whole migration fails at deploy. Migration tools that wrap each file in a transaction cause the same error.',
    safeAlternative:
      'Put the statement in a migration file of its own, without BEGIN/COMMIT, and turn off the tool\'s transaction for that file (Rails: disable_ddl_transaction!, golang-migrate: no wrapping by default, Flyway: executeInTransaction=false, node-pg-migrate: pgm.noTransaction()).',
  },
  needs: ['statements'],
  check: ({ files }) =>
    files.flatMap((file) => {
      if (planTransactions(file) !== 'explicit') return [];
      let inBlock = false;
      return file.statements.flatMap((statement) => {
        const control = transactionControl(statement);
        if (control === 'begin') inBlock = true;
        if (control === 'commit' || control === 'rollback') inBlock = false;
        if (!inBlock || !mustRunOutsideTransaction(statement)) return [];
        return [{ file: file.path, line: statement.line, message: `${statement.sql.split('\n')[0]!.slice(0, 80)} is inside an explicit BEGIN block: Postgres refuses it there (25001) and the migration fails.` }];
      });
    }),
});
