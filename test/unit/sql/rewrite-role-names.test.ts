import { listCreatedRoles, rewriteRoleNames } from '../../../src/sql/rewrite-role-names.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

const MAP: Record<string, string> = { anon: 's_anon', authenticated: 's_authenticated', app_user: 's_app_user', admin: 's_admin', Mixed: 's_Mixed', new_name: 's_new_name' };
const rename = (name: string) => MAP[name];

/** SQL as written → SQL as the sandbox runs it. */
const cases: Array<[string, string]> = [
  ['CREATE ROLE app_user NOLOGIN', 'CREATE ROLE "s_app_user" NOLOGIN'],
  ['CREATE USER app_user WITH PASSWORD \'x\' IN ROLE anon', 'CREATE USER "s_app_user" WITH PASSWORD \'x\' IN ROLE "s_anon"'],
  ['CREATE ROLE "Mixed"', 'CREATE ROLE "s_Mixed"'],
  ['CREATE ROLE mixed', 'CREATE ROLE mixed'],
  ['GRANT SELECT ON TABLE notes TO anon, authenticated', 'GRANT SELECT ON TABLE notes TO "s_anon", "s_authenticated"'],
  ['GRANT anon TO app_user WITH ADMIN OPTION', 'GRANT "s_anon" TO "s_app_user" WITH ADMIN OPTION'],
  ['REVOKE anon FROM app_user', 'REVOKE "s_anon" FROM "s_app_user"'],
  ['GRANT admin TO app_user', 'GRANT "s_admin" TO "s_app_user"'],
  ['CREATE POLICY p ON notes FOR SELECT TO authenticated USING (auth.uid() = user_id)', 'CREATE POLICY p ON notes FOR SELECT TO "s_authenticated" USING (auth.uid() = user_id)'],
  ["CREATE POLICY p ON notes USING (auth.role() = 'authenticated')", "CREATE POLICY p ON notes USING (auth.role() = 'authenticated')"],
  ['ALTER POLICY p ON notes TO anon', 'ALTER POLICY p ON notes TO "s_anon"'],
  ["ALTER ROLE anon SET statement_timeout = '3s'", 'ALTER ROLE "s_anon" SET statement_timeout = \'3s\''],
  ['ALTER ROLE app_user NOLOGIN', 'ALTER ROLE "s_app_user" NOLOGIN'],
  ['ALTER ROLE app_user RENAME TO new_name', 'ALTER ROLE "s_app_user" RENAME TO "s_new_name"'],
  ['DROP ROLE IF EXISTS app_user, other', 'DROP ROLE IF EXISTS "s_app_user", other'],
  ['ALTER TABLE notes OWNER TO app_user', 'ALTER TABLE notes OWNER TO "s_app_user"'],
  ['ALTER FUNCTION f() OWNER TO app_user', 'ALTER FUNCTION f() OWNER TO "s_app_user"'],
  ['ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO anon', 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "s_anon"'],
  ['CREATE SCHEMA app AUTHORIZATION app_user', 'CREATE SCHEMA app AUTHORIZATION "s_app_user"'],
  ["COMMENT ON ROLE app_user IS 'the app'", 'COMMENT ON ROLE "s_app_user" IS \'the app\''],
  ["SET ROLE 'anon'", "SET ROLE 's_anon'"],
  ['SET LOCAL ROLE anon', 'SET LOCAL ROLE "s_anon"'],
  ['REASSIGN OWNED BY app_user TO anon', 'REASSIGN OWNED BY "s_app_user" TO "s_anon"'],
  ['GRANT SELECT ON notes TO PUBLIC', 'GRANT SELECT ON notes TO PUBLIC'],
  ['GRANT SELECT ON notes TO CURRENT_USER', 'GRANT SELECT ON notes TO CURRENT_USER'],
  // Names inside SQL held in strings (DO blocks, function bodies) are not rewritten.
  ["DO $$ BEGIN EXECUTE 'GRANT SELECT ON notes TO anon'; END $$", "DO $$ BEGIN EXECUTE 'GRANT SELECT ON notes TO anon'; END $$"],
  // A column named like a role is not a role.
  ['GRANT SELECT (anon) ON notes TO anon', 'GRANT SELECT (anon) ON notes TO "s_anon"'],
  ['CREATE TABLE anon (anon int)', 'CREATE TABLE anon (anon int)'],
  ['/* anon */ GRANT SELECT ON notes TO anon -- anon', '/* anon */ GRANT SELECT ON notes TO "s_anon" -- anon'],
  ['GRANT SELECT ON notes TO anon /* é */', 'GRANT SELECT ON notes TO "s_anon" /* é */'],
  ["SELECT 'é', 1 FROM notes; GRANT SELECT ON notes TO anon", "SELECT 'é', 1 FROM notes; GRANT SELECT ON notes TO \"s_anon\""],
];

describe('rewriteRoleNames', () => {
  test.each(cases)('%s', (sql, expected) => {
    expect(rewriteRoleNames(sql, rename)).toBe(expected);
  });

  test('tells the name a statement creates from names it refers to', () => {
    const seen: Array<[string, boolean]> = [];
    rewriteRoleNames('CREATE ROLE app_user IN ROLE anon', (name, creates) => void seen.push([name, creates]));
    expect(seen.sort()).toEqual([
      ['anon', false],
      ['app_user', true],
    ]);
  });

  test('lists the roles a history creates', () => {
    const file = splitStatements({ path: 'x.sql', content: 'CREATE ROLE a;\nCREATE USER b;\nGRANT a TO b;\nALTER ROLE b RENAME TO c;\n' });
    expect(listCreatedRoles([file])).toEqual(['a', 'b', 'c']);
  });
});
