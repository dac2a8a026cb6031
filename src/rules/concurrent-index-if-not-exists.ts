import { qualifiedName } from '../sql/node-helpers.js';
import { defineRule } from './define-rule.js';
import { createdRelations, shortName } from './helpers/walk-statements.js';

export const concurrentIndexIfNotExists = defineRule({
  name: 'concurrent-index-if-not-exists',
  meta: {
    severity: 'warning',
    summary: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS: a retry after a failed build keeps the INVALID index.',
    why: 'A concurrent build commits the index to the catalog before it builds it. When the build fails (duplicates for a UNIQUE index, a lock or statement timeout, a deadlock, a cancelled deploy) the index stays behind, marked INVALID: queries do not use it, a UNIQUE one enforces nothing, yet every write still maintains it. The runner then retries the migration, IF NOT EXISTS finds the name taken, and the statement succeeds without building anything: the deploy goes green with the index still INVALID.',
    safeAlternative:
      'DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;  -- removes a leftover INVALID index of a failed attempt\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
  },
  needs: ['statements'],
  check: ({ files }) => {
    const created = new Set<string>();
    return files.flatMap((file) =>
      file.statements.flatMap((statement) => {
        const node = statement.node;
        const hit =
          statement.kind === 'IndexStmt' && node.concurrent === true && node.if_not_exists === true && !created.has(qualifiedName(node.relation) ?? '');
        for (const name of createdRelations(statement)) if (!(statement.kind === 'IndexStmt' && node.if_not_exists)) created.add(name);
        if (!hit) return [];
        const index = typeof node.idxname === 'string' ? node.idxname : 'the index';
        return [{
          file: file.path,
          line: statement.line,
          message: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index} on ${shortName(qualifiedName(node.relation) ?? '?')}: if a first attempt fails, the retry finds ${index} INVALID, skips it and succeeds without an index that works.`,
        }];
      }),
    );
  },
});
