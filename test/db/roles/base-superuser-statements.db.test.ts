import { createGitRepo } from '../../helpers/git-repo.js';
import { inspectionsOf, reviewSql, statementsOf, useEmbeddedSandbox } from '../../helpers/review-sql.js';
import { runCli } from '../../helpers/run-cli.js';

/**
 * A pg_dump --disable-triggers style base: ALTER TABLE ... DISABLE TRIGGER ALL touches the
 * foreign keys' system triggers, and UPDATE pg_index writes a catalog; only a superuser may do
 * either, and the sandbox never runs anything as one.
 */
const BASE = `CREATE TABLE customers (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
ALTER TABLE orders DISABLE TRIGGER ALL;
INSERT INTO customers VALUES (1, 'a');
INSERT INTO orders VALUES (1, 1, 10);
ALTER TABLE orders ENABLE TRIGGER ALL;
UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'orders_customer_id_idx'::regclass;
`;

describe('base statements that need a superuser', () => {
  const sandbox = useEmbeddedSandbox(16);

  test('by default the review could not run, and the message names the statement and the option', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, migrations: ['ALTER TABLE orders ADD COLUMN note text;'] });
    expect(review.verdict).toBe('error');
    expect(review.error?.message).toContain('line 4');
    expect(review.error?.message).toContain('`ALTER TABLE orders DISABLE TRIGGER ALL`');
    expect(review.error?.message).toContain('migrations.baseSuperuserStatements: skip');
  });

  test('with skip, each is skipped in the base and named in the review; the rest of the base applied', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, baseSuperuserStatements: 'skip', migrations: ['ALTER TABLE orders ADD COLUMN note text;\nSELECT count(*) FROM orders;'] });
    expect(review.error).toBeUndefined();
    expect(review.migrations[0]!.status).toBe('applied');
    expect(review.baseSkipped?.map((s) => [s.line, s.sql.split(' ').slice(0, 3).join(' ')])).toEqual([
      [4, 'ALTER TABLE orders'],
      [7, 'ALTER TABLE orders'],
      [8, 'UPDATE pg_index SET'],
    ]);
    expect(inspectionsOf(review, 'base-statement-skipped').map((n) => n.line)).toEqual([4, 7, 8]);
  });

  test('with skip, a new migration is never skipped', async () => {
    const review = await reviewSql(sandbox(), { base: BASE, baseSuperuserStatements: 'skip', migrations: ['ALTER TABLE orders DISABLE TRIGGER ALL;'] });
    expect(review.migrations[0]!.status).toBe('failed');
    expect(statementsOf(review)[0]!.error?.code).toBe('42501');
  });
});

describe('migrations.baseSuperuserStatements in the repository config', () => {
  const repository = createGitRepo();
  beforeAll(() => {
    repository.write('.github/pg-dba-review.yml', 'migrations:\n  baseSuperuserStatements: skip\n');
    repository.write('db/migrations/0001_base.sql', BASE);
    repository.git('add', '-A');
    repository.git('commit', '-qm', 'base');
    repository.git('checkout', '-qb', 'feature');
    repository.write('db/migrations/0002_note.sql', 'ALTER TABLE orders ADD COLUMN note text;\n');
    repository.git('add', '-A');
    repository.git('commit', '-qm', 'feature');
  });
  afterAll(() => repository.remove());

  test('the comment names each skipped base statement', async () => {
    const result = await runCli(['review', '--repo', repository.dir, '--base', 'main']);
    expect(result.stdout).toContain('`base-statement-skipped` at `db/migrations/0001_base.sql:4`: Base statement skipped (migrations.baseSuperuserStatements: skip): "ALTER TABLE orders DISABLE TRIGGER ALL"');
    expect(result.stdout).toContain('`base-statement-skipped` at `db/migrations/0001_base.sql:8`: Base statement skipped (migrations.baseSuperuserStatements: skip): "UPDATE pg_index SET indisvalid = true');
    expect(result.code).not.toBe(2);
  });
});
