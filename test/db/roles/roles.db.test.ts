import type { Review } from '../../../src/report/review.js';
import type { Sandbox } from '../../../src/review/ports.js';
import { splitStatements } from '../../../src/sql/split-statements.js';
import { reviewSql, statementsOf, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/** Role names on the server, read through a fresh branch (pg_roles is readable by any role). */
async function serverRoles(sandbox: Sandbox, like: string): Promise<string[]> {
  const branch = await sandbox.openBranch(await sandbox.prepareBase([]));
  try {
    const client = await branch.connect('test');
    try {
      return (await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1', [like])).rows.map((r) => r.rolname);
    } finally {
      await client.end();
    }
  } finally {
    await branch.drop();
  }
}

const errorsOf = (review: Review) => statementsOf(review).flatMap((s) => (s.error ? [s.error.message] : []));

const BASE = `CREATE ROLE app_reader NOLOGIN;
CREATE ROLE app_service NOLOGIN;
GRANT app_reader TO app_service;
ALTER ROLE app_reader SET statement_timeout = '5s';
CREATE TABLE notes (id bigint PRIMARY KEY, owner text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON notes TO app_reader;
CREATE POLICY notes_read ON notes FOR SELECT TO app_reader USING (owner = current_user);
`;

describe('roles in migrations on PostgreSQL 16 (CREATEROLE is safe there)', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('a base history that creates, grants and alters roles applies; a new migration creates, grants to, alters and drops its own', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        `CREATE ROLE app_writer NOLOGIN;
GRANT INSERT, UPDATE ON notes TO app_writer;
GRANT app_writer TO app_reader_admin_less;`.replace('GRANT app_writer TO app_reader_admin_less;', 'CREATE ROLE app_batch NOLOGIN IN ROLE app_writer;'),
        `ALTER ROLE app_writer SET lock_timeout = '2s';
CREATE POLICY notes_write ON notes FOR INSERT TO app_writer WITH CHECK (owner = current_user);
GRANT SELECT ON notes TO app_reader, app_writer;
ALTER TABLE notes OWNER TO CURRENT_USER;
REVOKE app_writer FROM app_batch;
DROP ROLE app_batch;`,
      ],
    });
    expect(review.error).toBeUndefined();
    expect(errorsOf(review)).toEqual([]);
    expect(review.migrations.map((m) => m.status)).toEqual(['applied', 'applied']);
    // The review speaks the author's names, never the sandbox's.
    expect(JSON.stringify(review)).not.toMatch(/pgdr_[tu][0-9a-z]+_/);
    expect(review.inspections?.some((n) => n.kind === 'role-created' && n.object === 'app_writer')).toBe(true);
    // The review's own roles went with its branch; the base's stay with the template.
    expect(await serverRoles(sandbox(), '%\\_app\\_writer')).toEqual([]);
    expect(await serverRoles(sandbox(), '%\\_app\\_reader')).toEqual([expect.stringMatching(/^pgdr_t[0-9a-f]{10}_app_reader$/)]);
  });

  test('OWNER TO a role the history created (pg_dump style), in the base and in a new migration', async () => {
    const review = await reviewSql(sandbox(), {
      // A new owner needs CREATE on the schema (a superuser's deploy skips that check).
      base: 'CREATE ROLE app_owner NOLOGIN;\nGRANT CREATE ON SCHEMA public TO app_owner;\nCREATE TABLE owned (id int);\nALTER TABLE owned OWNER TO app_owner;',
      migrations: ['ALTER TABLE owned ADD COLUMN note text;\nCREATE ROLE mine NOLOGIN;\nGRANT CREATE ON SCHEMA public TO mine;\nCREATE TABLE mine_t (id int);\nALTER TABLE mine_t OWNER TO mine;'],
    });
    expect(review.error).toBeUndefined();
    expect(errorsOf(review)).toEqual([]);
    expect(review.migrations[0]!.status).toBe('applied');
  });

  test('a base role made with LOGIN and a password cannot log in once the template is built', async () => {
    const review = await reviewSql(sandbox(), { base: "CREATE ROLE app_login LOGIN PASSWORD 'secret';", migrations: ['SELECT 1;'] });
    expect(review.error).toBeUndefined();
    const branch = await sandbox().openBranch(await sandbox().prepareBase([]));
    try {
      const client = await branch.connect('test');
      const rows = (await client.query<{ rolcanlogin: boolean }>("SELECT rolcanlogin FROM pg_roles WHERE rolname LIKE '%\\_app\\_login'")).rows;
      await client.end();
      expect(rows).toEqual([{ rolcanlogin: false }]);
    } finally {
      await branch.drop();
    }
  });

  test('errors name the author\'s roles: creating a role the base already has', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['CREATE ROLE app_reader;'] });
    expect(errorsOf(review)).toEqual(['role "app_reader" already exists']);
  });

  test('two reviews of one server creating the same role at once do not collide', async () => {
    const migration = 'CREATE ROLE app_user NOLOGIN;\nGRANT SELECT ON notes TO app_user;\nSELECT pg_sleep(0.5);';
    const reviews = await Promise.all([reviewSql(sandbox(), { base: BASE, migrations: [migration] }), reviewSql(sandbox(), { base: BASE, migrations: [migration] })]);
    expect(reviews.map((r) => r.migrations[0]!.status)).toEqual(['applied', 'applied']);
    expect(await serverRoles(sandbox(), '%\\_app\\_user')).toEqual([]);
  });

  test('roles the review cannot administer stay untouched: the base\'s are the administrator\'s', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ["ALTER ROLE app_reader SET work_mem = '1GB';"] });
    expect(statementsOf(review)[0]!.error?.code).toBe('42501');
  });

  test('roles created by dynamic SQL (never renamed) are dropped with the branch too', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: [`DO $$ BEGIN EXECUTE 'CREATE ROLE dyn_role_${process.pid} NOLOGIN'; END $$;`] });
    expect(review.migrations[0]!.status).toBe('applied');
    expect(await serverRoles(sandbox(), `dyn_role_${process.pid}`)).toEqual([]);
  });

  test('the sweeper removes the roles a crashed review created', async () => {
    const base = await sandbox().prepareBase([splitStatements({ path: 'base.sql', content: BASE })]);
    const branch = await sandbox().openBranch(base);
    const client = await branch.connect('test');
    await client.query(branch.rewriteSql!('CREATE ROLE crashed_review_role NOLOGIN'));
    await client.end();
    expect(await serverRoles(sandbox(), '%\\_crashed\\_review\\_role')).toHaveLength(1);
    // The process "dies": its database and roles stay until a sweep.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await (sandbox() as unknown as { sweepLeftovers(ms: number): Promise<unknown> }).sweepLeftovers(0);
    expect(await serverRoles(sandbox(), '%\\_crashed\\_review\\_role')).toEqual([]);
  });
});

describe('roles in migrations on PostgreSQL 15 (CREATEROLE could escalate: not given)', () => {
  const sandbox = useEmbeddedSandbox(15);

  test('CREATE ROLE in a new migration says clearly that it is not supported before 16', async () => {
    const review = await reviewSql(sandbox(), { base: 'CREATE TABLE t (id int);', migrations: ['CREATE ROLE app_writer;'] });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(errorsOf(review)[0]).toMatch(/CREATE ROLE in a new migration is not supported on PostgreSQL 15: .*PostgreSQL 16 or later/);
  });

  test('CREATE ROLE in the base history: could not run, with the same reason', async () => {
    const review = await reviewSql(sandbox(), { base: 'CREATE ROLE app_reader;', migrations: ['SELECT 1;'] });
    expect(review.verdict).toBe('error');
    expect(review.error?.message).toMatch(/CREATE ROLE in the base history is not supported on PostgreSQL 15/);
  });

  test('roles a preset makes exist on 15 too, and grants and policies to them apply', async () => {
    const review = await reviewSql(sandbox(), {
      baseRoles: ['anon', 'authenticated'],
      base: 'CREATE TABLE t (id int);\nGRANT SELECT ON t TO anon;',
      migrations: ['CREATE POLICY p ON t FOR SELECT TO authenticated USING (true);\nGRANT SELECT ON t TO authenticated;'],
    });
    expect(review.error).toBeUndefined();
    expect(review.migrations[0]!.status).toBe('applied');
  });
});
