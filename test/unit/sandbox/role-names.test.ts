import { RoleNames, restoreRoleNames, scopedRoleName } from '../../../src/sandbox/role-names.js';

describe('role names per scope', () => {
  test('a scoped name fits in 63 bytes; long names are cut with a hash so two never meet', () => {
    expect(scopedRoleName('pgdr_tabc', 'anon')).toBe('pgdr_tabc_anon');
    const a = scopedRoleName('pgdr_u12345678abcd', `${'x'.repeat(60)}_a`);
    const b = scopedRoleName('pgdr_u12345678abcd', `${'x'.repeat(60)}_b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(scopedRoleName('pgdr_u12345678abcd', 'é'.repeat(40)))).toBeLessThanOrEqual(63);
  });

  test("a review's roles get its scope; the base's keep theirs; unknown names stay", () => {
    const names = new RoleNames(new Map([['anon', 'pgdr_tbase_anon']]), 'pgdr_urev');
    expect(names.rewrite('CREATE ROLE app_user IN ROLE anon')).toBe('CREATE ROLE "pgdr_urev_app_user" IN ROLE "pgdr_tbase_anon"');
    expect(names.rewrite('GRANT SELECT ON t TO app_user, anon, postgres')).toBe('GRANT SELECT ON t TO "pgdr_urev_app_user", "pgdr_tbase_anon", postgres');
    // Creating a role the base has stays the base's name: Postgres says it exists, as production would.
    expect(names.rewrite('CREATE ROLE anon')).toBe('CREATE ROLE "pgdr_tbase_anon"');
    expect(restoreRoleNames('role "pgdr_urev_app_user" already exists; pgdr_tbase_anon', names.toAuthorNames())).toBe('role "app_user" already exists; anon');
  });

  test('where roles cannot be created (14/15), CREATE ROLE is refused with the reason, other statements pass', () => {
    const names = new RoleNames(new Map([['anon', 'pgdr_tbase_anon']]), 'pgdr_urev', 'not supported on PostgreSQL 15');
    expect(() => names.rewrite('CREATE ROLE app_user')).toThrow('not supported on PostgreSQL 15');
    expect(names.rewrite('GRANT SELECT ON t TO anon')).toBe('GRANT SELECT ON t TO "pgdr_tbase_anon"');
  });
});
