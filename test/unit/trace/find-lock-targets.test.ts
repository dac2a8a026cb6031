import { splitStatements } from '../../../src/sql/split-statements.js';
import { findLockTargets } from '../../../src/trace/find-lock-targets.js';

/** Which relations the helper sessions hold before a statement that runs outside a transaction. */
const cases: Array<[string, ReturnType<typeof findLockTargets>]> = [
  ['CREATE INDEX CONCURRENTLY i ON items (v);', { names: ['"items"'] }],
  ['CREATE INDEX CONCURRENTLY i ON app."Items" (v);', { names: ['"app"."Items"'] }],
  ['DROP INDEX CONCURRENTLY app.items_v_idx;', { names: ['"app"."items_v_idx"'] }],
  ['DROP INDEX CONCURRENTLY IF EXISTS items_v_idx;', { names: ['"items_v_idx"'] }],
  ['REINDEX INDEX CONCURRENTLY items_v_idx;', { names: ['"items_v_idx"'] }],
  ['REINDEX TABLE CONCURRENTLY items;', { names: ['"items"'] }],
  ['REINDEX SCHEMA CONCURRENTLY app;', 'all'],
  ['VACUUM items, app.orders;', { names: ['"items"', '"app"."orders"'] }],
  ['VACUUM (ANALYZE) items (v);', { names: ['"items"'] }],
  ['VACUUM;', 'all'],
  ['ALTER TABLE parent DETACH PARTITION app.part CONCURRENTLY;', { names: ['"parent"', '"app"."part"'] }],
  ['ALTER SYSTEM SET work_mem = 1;', { names: [] }],
];

describe('findLockTargets', () => {
  test.each(cases)('%s', (sql, expected) => {
    const [statement] = splitStatements({ path: 'm.sql', content: sql }).statements;
    expect(findLockTargets(statement!)).toEqual(expected);
  });
});
