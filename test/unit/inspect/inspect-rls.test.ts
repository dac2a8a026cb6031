import { EMPTY_SNAPSHOT, type CatalogSnapshot, type PolicySnapshot, type RelationSnapshot } from '../../../src/inspect/catalog-snapshot.js';
import { inspectRls } from '../../../src/inspect/inspect-rls.js';

const TABLE: RelationSnapshot = {
  oid: 1,
  name: 'public.notes',
  schema: 'public',
  relname: 'notes',
  kind: 'r',
  persistence: 'p',
  rowSecurity: true,
  forceRowSecurity: true,
  owner: 'app',
  bytes: 8192,
  grants: [],
  columns: [
    { num: 1, name: 'id', type: 'bigint', notNull: true, default: null },
    { num: 2, name: 'owner_id', type: 'uuid', notNull: true, default: null },
    { num: 3, name: 'uid', type: 'uuid', notNull: false, default: null },
  ],
};

function policy(using: string): PolicySnapshot {
  return { name: 'p', table: 'public.notes', command: 'ALL', permissive: true, roles: ['PUBLIC'], using, check: null };
}

function notesWith(using: string): CatalogSnapshot {
  return { ...EMPTY_SNAPSHOT, relations: [TABLE], policies: [policy(using)] };
}

const run = (using: string) =>
  inspectRls({ before: EMPTY_SNAPSHOT, after: notesWith(using), migrations: [], queries: [], rowsBefore: {}, exposedSchemas: [] });

describe('inspectRls: per-row function calls in policies (as pg_get_expr prints them)', () => {
  test.each([
    ['(owner_id = auth.uid())', ['auth.uid']],
    ["(owner_id = (current_setting('app.user'::text))::uuid)", ['current_setting']],
    ['(owner_id = ( SELECT auth.uid() AS uid))', []],
    ["(owner_id = ( SELECT (current_setting('app.user'::text))::uuid AS current_setting))", []],
    ['(owner_id = public.current_user_id())', ['public.current_user_id']],
    ['((auth.jwt() ->> \'role\'::text) = \'admin\'::text)', ['auth.jwt']],
    ['(owner_id IS NOT NULL)', []],
  ])('%s → %j', (using, calls) => {
    const flagged = run(using).filter((n) => n.kind === 'policy-function-per-row');
    expect(flagged.map((n) => n.message.match(/calls (.*) in its/)?.[1])).toEqual(calls.length > 0 ? [calls.join(', ')] : []);
  });

  test('columns named in a policy, not the function names that look like them', () => {
    const columns = run('(owner_id = auth.uid())').filter((n) => n.kind === 'policy-column-without-index').map((n) => n.object);
    expect(columns).toEqual(['public.notes.owner_id']);
  });
});
