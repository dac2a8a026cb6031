import { inspectionsOf, reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const BASE = 'CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL DEFAULT 0);';

describe('security inspections on a real PostgreSQL 16', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('SECURITY DEFINER without SET search_path, executable by PUBLIC', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        'CREATE FUNCTION credit(account bigint, amount bigint) RETURNS void LANGUAGE sql SECURITY DEFINER\n  AS $$ UPDATE accounts SET balance = balance + amount WHERE id = account $$;',
      ],
    });
    expect(inspectionsOf(review, 'security-definer-without-search-path')).toEqual([
      expect.objectContaining({
        object: 'public.credit(account bigint, amount bigint)',
        sql: 'ALTER FUNCTION public.credit(account bigint, amount bigint) SET search_path = pg_catalog, pg_temp;',
        line: 1,
      }),
    ]);
    expect(inspectionsOf(review, 'security-definer-executable-by-public')).toEqual([
      expect.objectContaining({ sql: 'REVOKE EXECUTE ON FUNCTION public.credit(account bigint, amount bigint) FROM PUBLIC;' }),
    ]);
  });

  test('SECURITY DEFINER with a pinned search_path and EXECUTE revoked from PUBLIC passes', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: [
        'CREATE FUNCTION credit(account bigint, amount bigint) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp\n  AS $$ UPDATE public.accounts SET balance = balance + amount WHERE id = account $$;\nREVOKE EXECUTE ON FUNCTION credit(bigint, bigint) FROM PUBLIC;',
      ],
    });
    expect(inspectionsOf(review, 'security-definer-without-search-path')).toEqual([]);
    expect(inspectionsOf(review, 'security-definer-executable-by-public')).toEqual([]);
  });

  test('grants to PUBLIC: writes are a grant-write-to-public fact with the REVOKE', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['GRANT SELECT, UPDATE ON accounts TO PUBLIC;'] });
    expect(inspectionsOf(review, 'grant-write-to-public')).toEqual([
      expect.objectContaining({ object: 'public.accounts', sql: 'REVOKE SELECT, UPDATE ON public.accounts FROM PUBLIC;', line: 1 }),
    ]);
    expect(review.schemaDiff).toContainEqual({ change: 'added', kind: 'grant', name: 'UPDATE on public.accounts to PUBLIC' });
  });

  test('an extension created is reported with its schema and version', async () => {
    const review = await reviewSql(sandbox(), { migrations: ['CREATE EXTENSION IF NOT EXISTS pgcrypto;'] });
    expect(inspectionsOf(review, 'extension-created')).toEqual([
      expect.objectContaining({ object: 'pgcrypto', message: expect.stringMatching(/pgcrypto [\d.]+ in schema public/) }),
    ]);
  });

  test('a new role is reported from the statement, its password never appears anywhere in the Review', async () => {
    const review = await reviewSql(sandbox(), {
      base: BASE,
      migrations: ["CREATE ROLE reporting LOGIN BYPASSRLS PASSWORD 'hunter2-very-secret';"],
    });
    expect(inspectionsOf(review, 'role-created')).toEqual([
      expect.objectContaining({ object: 'reporting', line: 1, message: expect.stringContaining('with LOGIN, BYPASSRLS; a password is set') }),
    ]);
    expect(JSON.stringify(review)).not.toContain('hunter2');
  });
});
