import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

/** A Supabase-like auth.uid(): the per-request user, the same for every row of a statement. */
const BASE = `
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
CREATE TABLE notes (id bigint PRIMARY KEY, owner_id uuid NOT NULL, body text);
INSERT INTO notes SELECT g, gen_random_uuid(), 'note ' || g FROM generate_series(1, 1000) g;`;

describe('row-level security inspections on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('RLS enabled with no policy: everything is denied to non-owners', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;'] });
    expect(inspectionsOf(review, 'rls-enabled-without-policy')).toEqual([
      expect.objectContaining({ section: 'security', object: 'public.notes', file: 'migrations/0001.sql', line: 1 }),
    ]);
    expect(inspectionsOf(review, 'rls-not-forced')).toEqual([
      expect.objectContaining({ sql: 'ALTER TABLE public.notes FORCE ROW LEVEL SECURITY;' }),
    ]);
  });

  test('a policy calling auth.uid() per row, commands left uncovered, and its column without an index', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        'ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nALTER TABLE notes FORCE ROW LEVEL SECURITY;\nCREATE POLICY notes_owner ON notes FOR SELECT USING (owner_id = auth.uid());',
      ],
    });
    expect(inspectionsOf(review, 'rls-enabled-without-policy')).toEqual([]);
    expect(inspectionsOf(review, 'rls-not-forced')).toEqual([]);
    expect(inspectionsOf(review, 'policy-function-per-row')).toEqual([
      expect.objectContaining({ object: 'public.notes.notes_owner', line: 3, message: expect.stringContaining('auth.uid') }),
    ]);
    expect(inspectionsOf(review, 'policy-commands-not-covered')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('INSERT, UPDATE, DELETE') }),
    ]);
    expect(inspectionsOf(review, 'policy-column-without-index')).toEqual([
      expect.objectContaining({ object: 'public.notes.owner_id', sql: 'CREATE INDEX CONCURRENTLY ON public.notes (owner_id);' }),
    ]);
  });

  test('(select auth.uid()) is evaluated once per statement and FOR ALL covers every command', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nCREATE INDEX notes_owner_idx ON notes (owner_id);`,
      migrations: ['ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY notes_owner ON notes USING (owner_id = (select auth.uid())) WITH CHECK (owner_id = (select auth.uid()));'],
    });
    expect(inspectionsOf(review, 'policy-function-per-row')).toEqual([]);
    expect(inspectionsOf(review, 'policy-commands-not-covered')).toEqual([]);
    expect(inspectionsOf(review, 'policy-column-without-index')).toEqual([]);
  });

  test('a table without RLS in a schema the config marks exposed', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ['CREATE TABLE public.profiles (id uuid PRIMARY KEY, name text);\nCREATE TABLE internal_jobs (id int);'],
      exposedSchemas: ['public'],
    });
    expect(inspectionsOf(review, 'rls-disabled-in-exposed-schema').map((n) => n.object)).toEqual(['public.internal_jobs', 'public.profiles']);
    const unexposed = await reviewSql(sandbox(), { base: BASE, migrations: ['CREATE TABLE public.profiles (id uuid PRIMARY KEY);'] });
    expect(inspectionsOf(unexposed, 'rls-disabled-in-exposed-schema')).toEqual([]);
  });

  test('pre-existing RLS problems of tables the migration does not touch are not reported', async () => {
    const review = await reviewSql(sandbox(), {
      base: `${BASE}\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;`,
      migrations: ['CREATE TABLE other (id int);'],
    });
    expect(inspectionsOf(review, 'rls-enabled-without-policy')).toEqual([]);
  });
});
