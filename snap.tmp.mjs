import { EmbeddedSandbox } from './.bench-build/src/sandbox/embedded.js';
import { generateSchema, ONE_CHANGE } from './.bench-build/bench/scaling.js';
import { splitStatements } from './.bench-build/src/sql/split-statements.js';
import { snapshotBranch } from './.bench-build/src/inspect/snapshot-branch.js';
import { snapshotChanges } from './.bench-build/src/inspect/snapshot-changes.js';
import { getCatalogSnapshot } from './.bench-build/src/inspect/get-catalog-snapshot.js';
const n = Number(process.argv[2]);
const sandbox = await EmbeddedSandbox.start({ major: 16 });
try {
  const base = await sandbox.prepareBase(generateSchema(n).map((content, i) => splitStatements({ path: `b${i}.sql`, content })));
  const branch = await sandbox.openBranch(base);
  const before = await snapshotBranch(branch, [], base);
  const c = await branch.connect('x');
  for (const s of splitStatements({ path: 'n.sql', content: ONE_CHANGE }).statements) await c.query(s.text);
  for (let i = 0; i < 12; i++) {
    let t = performance.now();
    const merged = await snapshotChanges(branch, before.catalog, before.since, ['public.s7'], { lockedIsComplete: true });
    const total = performance.now() - t;
    t = performance.now();
    const q = c.query.bind(c); const times = [];
    c.query = async (...a) => { const t0 = performance.now(); const r = await q(...a); times.push([(performance.now() - t0).toFixed(1), String(a[0]).replace(/\s+/g, ' ').slice(0, 60)]); return r; };
    await getCatalogSnapshot(c, [16390]);
    c.query = q; if (i === 2) console.log(times);
    const partial = performance.now() - t;
    console.log({ total: total.toFixed(1), partialOnly: partial.toFixed(1) });
  }
  const src = (await import('fs')).readFileSync('./.bench-build/src/inspect/snapshot-changes.js','utf8');
  const sql = src.match(/const TOUCHED_SQL = `([\s\S]*?)`;/)[1];
  const r = await c.query('EXPLAIN (ANALYZE) ' + sql.replace(/\$1/g, `'${before.since}'`).replace(/\$2/g, "'{}'"));
  (()=>{})(r.rows.map((x) => x['QUERY PLAN']).filter((l) => /actual time=/.test(l) && !/Hash  |Hash Cond/.test(l)).slice(0, 40).join('\n'));
  { const src2 = (await import('fs')).readFileSync('./.bench-build/src/inspect/get-catalog-snapshot.js','utf8');
    const m = src2.match(/const TYPES_SQL = `([\s\S]*?)`;/)[1].replace('${USER_NAMESPACE}', "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\\\_%'");
    const r2 = await c.query('EXPLAIN ANALYZE ' + m); console.log(r2.rows.map((x) => x['QUERY PLAN']).join('\n')); }
  let t = performance.now(); const c2 = await branch.connect('y'); console.log('connect', (performance.now() - t).toFixed(1)); await c2.end();
  await c.end(); await branch.drop();
} finally { await sandbox.close(); }
