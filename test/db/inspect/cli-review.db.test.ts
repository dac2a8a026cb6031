import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli.js';
import type { Review } from '../../../src/report/review.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) });
  return { stream, text: () => text };
}

describe('pg-dba-review review with the DBA-notes config', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'pgdr-inspect-cli-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    };
    git('init', '-q', '-b', 'main');
    write('db/migrations/001_orders.sql', "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\nINSERT INTO orders SELECT g, CASE WHEN g % 100 = 0 THEN 'open' ELSE 'done' END FROM generate_series(1, 20000) g;\nANALYZE orders;\n");
    write('db/queries.sql', "SELECT * FROM orders WHERE status = 'open';\n");
    write(
      '.github/pg-dba-review.yml',
      'queries:\n  - db/queries.sql\n  - SELECT count(*) FROM orders\ntables:\n  orders: { rows: 2000000 }\nexposedSchemas: [public]\n',
    );
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    write('db/migrations/002_status_index.sql', 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\nCREATE TABLE notes (id int);\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('queries from a path and inline, table sizes and exposed schemas come from the config', async () => {
    const out = capture();
    const err = capture();
    const code = await main(['review', '--repo', repo, '--base', 'main', '--format', 'json'], out.stream, err.stream);
    expect(err.text()).toBe('');
    // notes (new) and orders (from the base history, touched by the new index) are in the exposed
    // schema without RLS: notes' is an error, so the exit code is 1; orders' says it comes from
    // the base history, points at no line, and is info.
    expect(code).toBe(1);
    const review = JSON.parse(out.text()) as Review;
    expect(review.findings.filter((f) => f.rule === 'rls-disabled-in-exposed-schema').map((f) => `${f.severity}@${f.file}:${f.line}:${f.evidence?.object}:${f.origin ?? 'change'}`)).toEqual([
      'info@db/migrations/002_status_index.sql:0:public.orders:base',
      'error@db/migrations/002_status_index.sql:2:public.notes:change',
    ]);
    expect(review.explain.map((e) => e.query)).toEqual(["SELECT * FROM orders WHERE status = 'open'", 'SELECT count(*) FROM orders']);
    expect(review.explain[0]).toMatchObject({ regression: false, after: { indexes: ['orders_status_idx'] } });
    expect(review.explain[0]!.before!.rows).toBeGreaterThan(10_000);
    expect(review.inspections!.map((i) => i.kind)).toEqual(expect.arrayContaining(['new-index', 'rls-disabled-in-exposed-schema', 'table-size-hints']));
    expect(review.rollback).toMatchObject({ source: 'generated', status: 'verified' });
  });
});
