import { existsSync, rmSync } from 'node:fs';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../helpers/review-sql.js';

/**
 * Migration SQL in a pull request is untrusted code. Each case runs on a real Postgres as the
 * review's unprivileged role and must be contained: refused with a clear error (the SQLSTATE
 * below), the host untouched, and the sandbox still good for the next review.
 */
const MARKER = `/tmp/pg-dba-review-hostile-${process.pid}`;
const BASE = 'CREATE TABLE victim (id int PRIMARY KEY, note text);';

const refused: Array<[name: string, sql: string, sqlstate: string]> = [
  ['COPY FROM PROGRAM runs no shell command', `COPY victim (note) FROM PROGRAM 'touch ${MARKER}';`, '42501'],
  ['COPY TO PROGRAM', `COPY victim TO PROGRAM 'touch ${MARKER}';`, '42501'],
  ['COPY FROM a server file', "COPY victim (note) FROM '/etc/passwd';", '42501'],
  ['COPY TO a server file', `COPY victim TO '${MARKER}';`, '42501'],
  ['pg_read_file', "SELECT pg_read_file('/etc/passwd');", '42501'],
  ['pg_ls_dir', "SELECT pg_ls_dir('.');", '42501'],
  ['server-side lo_import', "SELECT lo_import('/etc/passwd');", '42501'],
  ['ALTER SYSTEM', "ALTER SYSTEM SET work_mem = '1GB';", '42501'],
  ['an untrusted extension (dblink: connection floods, escapes)', 'CREATE EXTENSION dblink;', '42501'],
  ['an untrusted language', 'CREATE EXTENSION plpython3u;', '42501'],
  ['a C function', "CREATE FUNCTION evil() RETURNS int AS '/lib/x86_64-linux-gnu/libc.so.6', 'getpid' LANGUAGE c;", '42501'],
  ['LOAD a library', "LOAD '/lib/x86_64-linux-gnu/libc.so.6';", '42501'],
  ['SET ROLE to the superuser', 'SET ROLE postgres;', '42501'],
  ['SET SESSION AUTHORIZATION', 'SET SESSION AUTHORIZATION postgres;', '42501'],
  ['becoming a superuser', 'ALTER ROLE CURRENT_USER SUPERUSER;', '42501'],
  ['letting its own password expire', "ALTER ROLE CURRENT_USER VALID UNTIL '2000-01-01';", '42501'],
  ['creating a superuser', 'CREATE ROLE evil SUPERUSER LOGIN;', '42501'],
  ['granting itself server-program rights', 'GRANT pg_execute_server_program TO CURRENT_USER;', '42501'],
  // PostgreSQL 16+: the review role has CREATEROLE, which there grants only what it holds itself.
  ['granting itself server-file reading', 'GRANT pg_read_server_files TO CURRENT_USER;', '42501'],
  ['granting a role it created server-program rights', 'CREATE ROLE helper NOLOGIN;\nGRANT pg_execute_server_program TO helper;', '42501'],
  ['granting a role it created server-file writing', 'CREATE ROLE helper NOLOGIN;\nGRANT pg_write_server_files TO helper;', '42501'],
  ['making a role it created a superuser', 'CREATE ROLE helper NOLOGIN;\nALTER ROLE helper SUPERUSER;', '42501'],
  ['creating a REPLICATION role', 'CREATE ROLE evil REPLICATION;', '42501'],
  ['creating a BYPASSRLS role', 'CREATE ROLE evil BYPASSRLS;', '42501'],
  ['creating a role that may create databases', 'CREATE ROLE evil CREATEDB;', '42501'],
  ['joining the role that owns every base object', 'CREATE ROLE helper NOLOGIN IN ROLE pgdr_object_owner;', '42501'],
  ['giving the object owner CREATEROLE', 'ALTER ROLE pgdr_object_owner CREATEROLE;', '42501'],
  ['disabling triggers and FKs', 'SET session_replication_role = replica;', '42501'],
  ['dropping another database', 'DROP DATABASE postgres;', '42501'],
  ['terminating the control connection', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'postgres';", '42501'],
  ['CHECKPOINT', 'CHECKPOINT;', '42501'],
];

describe('hostile migrations are contained', () => {
  const sandbox = useEmbeddedSandbox(16);
  beforeEach(() => rmSync(MARKER, { force: true }));
  afterAll(() => rmSync(MARKER, { force: true }));

  test.each(refused)('%s', async (_name, sql, sqlstate) => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [sql] });
    expect(review.verdict).toBe('fail');
    expect(review.migrations[0]!.status).toBe('failed');
    expect(statementsOf(review).at(-1)!.error?.code).toBe(sqlstate);
    expect(review.findings.map((f) => f.rule)).toContain('migration-failed');
    expect(existsSync(MARKER)).toBe(false);
  });

  test("another review's roles (and the administrator's) cannot be altered, dropped or joined", async () => {
    // Review A is running and has created a role of its own.
    const other = await sandbox().openBranch(await sandbox().prepareBase([]));
    try {
      const client = await other.connect('test');
      await client.query(other.rewriteSql!('CREATE ROLE their_role NOLOGIN'));
      await client.end();
      const theirs = [...other.roleNames!().keys()][0]!;
      for (const sql of [`ALTER ROLE ${theirs} LOGIN PASSWORD 'x';`, `DROP ROLE ${theirs};`, `GRANT ${theirs} TO CURRENT_USER;`, `ALTER ROLE ${theirs} RENAME TO stolen;`, 'ALTER ROLE postgres NOSUPERUSER;']) {
        const review = await reviewSql(sandbox(), { base: BASE, migrations: [sql] });
        expect([sql, statementsOf(review).at(-1)!.error?.code]).toEqual([sql, '42501']);
      }
    } finally {
      await other.drop();
    }
  });

  test('a migration that changes the review role\'s own password does not blank the review', async () => {
    // (VALID UNTIL on itself is refused to a role without CREATEROLE rights over itself: 42501 above.)
    for (const change of ["ALTER ROLE CURRENT_USER PASSWORD 'hunter2';", "ALTER USER SESSION_USER WITH ENCRYPTED PASSWORD 'hunter2';"]) {
      const review = await reviewSql(sandbox(), { base: BASE, migrations: [`${change}\nCREATE INDEX victim_note_idx ON victim (note);`] });
      // Later sessions (catalog, rollback) still log in: the review is whole, not "could not run".
      expect([change, review.verdict, review.migrations[0]!.status]).toEqual([change, expect.not.stringMatching(/^error$/), 'applied']);
      expect(review.findings.map((f) => f.rule)).toContain('require-concurrent-index');
      expect(review.schemaDiff).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'index', name: 'public.victim_note_idx' })]));
      // ALTER ROLE has no automatic inverse: the rollback says so, not that it could not log in.
      expect(review.rollback?.reason).toMatch(/no automatic inverse/);
    }
  });

  test('a psql meta-command is a syntax error and never reaches a shell', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [`SELECT 1;\n\\! touch ${MARKER}\n`] });
    expect(review.findings).toEqual([expect.objectContaining({ rule: 'syntax-error', line: 2 })]);
    expect(existsSync(MARKER)).toBe(false);
  });

  test('a trigger planted to run a shell command fires only as the unprivileged role', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        `CREATE FUNCTION trap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'COPY victim (note) FROM PROGRAM ''touch ${MARKER}''';
  RETURN NEW;
EXCEPTION WHEN others THEN RETURN NEW;
END $$;
CREATE TRIGGER trap BEFORE INSERT OR UPDATE ON victim FOR EACH ROW EXECUTE FUNCTION trap();
INSERT INTO victim VALUES (1, 'x');`,
      ],
      queries: ['INSERT INTO victim VALUES (2, $$y$$)', 'SELECT * FROM victim'],
    });
    expect(review.migrations[0]!.status).toBe('applied');
    expect(existsSync(MARKER)).toBe(false);
  });

  test('a loop that lifted its own statement_timeout is cancelled from outside', async () => {
    const review = await reviewSql(sandbox(), {
      migrations: ['SET statement_timeout = 0;\nDO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$;'],
      statementLimitMs: 1500,
    });
    expect(review.migrations[0]!.error?.message).toMatch(/time limit after 1\.5 s/);
  });

  test('filling the disk is stopped with a clear message', async () => {
    const review = await reviewSql(sandbox(), {
      migrations: ["CREATE TABLE filler AS SELECT g, repeat('x', 2000) AS pad FROM generate_series(1, 2000000) g;"],
      diskGrowthLimitBytes: 32 * 1024 ** 2,
      statementLimitMs: 60_000,
    });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(review.migrations[0]!.error?.message).toMatch(/grew by more than 32 MB during this statement/);
  });

  test('after all of that, the sandbox still reviews a normal migration', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['ALTER TABLE victim ADD COLUMN ok boolean;'] });
    expect(review.verdict).toBe('pass');
  });
});
