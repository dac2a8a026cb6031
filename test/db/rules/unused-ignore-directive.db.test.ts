import { describeRule } from '../../helpers/rule-cases.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';

const ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nINSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 5000) g;';
const PLAIN_INDEX = 'CREATE INDEX o_c ON orders (customer_id);';

describeRule('unused-ignore-directive', {
  bad: [
    { name: 'ignore for a rule that reported nothing on that statement', base: ORDERS, migrations: [`-- pg-dba-review: ignore require-concurrent-index -- small table\nCREATE INDEX CONCURRENTLY o_c ON orders (customer_id);`], lines: [1] },
    { name: 'a rule name that does not exist', base: ORDERS, migrations: [`-- pg-dba-review: ignore require-concurent-index -- typo\n${PLAIN_INDEX}`], lines: [1] },
    { name: 'no reason given', base: ORDERS, migrations: [`SELECT 1;\n-- pg-dba-review: ignore require-concurrent-index\n${PLAIN_INDEX}`], lines: [2] },
    { name: 'ignore-file with nothing to suppress', base: ORDERS, migrations: ['-- pg-dba-review: ignore-file -- generated\nSELECT 1;'], lines: [1] },
    { name: 'a malformed directive', base: ORDERS, migrations: ['-- pg-dba-review: skip require-concurrent-index -- x\nSELECT 1;'], lines: [1] },
    { name: 'a directive after the last statement', base: ORDERS, migrations: ['SELECT 1;\n-- pg-dba-review: ignore require-concurrent-index -- x\n'], lines: [2] },
  ],
  good: [
    { name: 'ignore above the statement it suppresses', base: ORDERS, migrations: [`-- pg-dba-review: ignore require-concurrent-index -- 10 rows in production\n${PLAIN_INDEX}`], lines: [] },
    { name: 'ignore at the end of the statement line', base: ORDERS, migrations: [`${PLAIN_INDEX} -- pg-dba-review: ignore require-concurrent-index -- tiny`], lines: [] },
    { name: 'ignore-file for the rule', base: ORDERS, migrations: [`-- pg-dba-review: ignore-file require-concurrent-index -- maintenance window\nSELECT 1;\n${PLAIN_INDEX}`], lines: [] },
    { name: 'a directive in a file the sandbox never ran (after a failed one) is not reported', base: ORDERS, migrations: ['SELECT no_such_column FROM orders;', `-- pg-dba-review: ignore require-concurrent-index -- tiny\n${PLAIN_INDEX}`], lines: [] },
    { name: 'a directive for a rule turned off in config is not reported', base: ORDERS, rules: { 'require-concurrent-index': { severity: 'off', exclude: [] } }, migrations: [`-- pg-dba-review: ignore require-concurrent-index -- x\n${PLAIN_INDEX}`], lines: [] },
  ],
});

describe('directives and config change what is reported', () => {
  const sandbox = useEmbeddedSandbox(16);
  const rulesOf = async (sqlCase: Parameters<typeof reviewSql>[1]) => (await reviewSql(sandbox(), sqlCase)).findings.filter((f) => f.rule === 'require-concurrent-index').map((f) => `${f.rule}:${f.severity}@${f.line}`);

  test('a directive suppresses only the statement below it', async () => {
    const base = `${ORDERS}\nCREATE TABLE items (id bigint);`;
    const findings = await rulesOf({ base, migrations: [`-- pg-dba-review: ignore require-concurrent-index -- tiny\n${PLAIN_INDEX}\nCREATE INDEX i_i ON items (id);`] });
    expect(findings).toEqual(['require-concurrent-index:error@3']);
  });

  test('severity override: error becomes warning and the verdict passes', async () => {
    const review = await reviewSql(sandbox(), { base: ORDERS, migrations: [PLAIN_INDEX], rules: { 'require-concurrent-index': { severity: 'warning', exclude: [] } } });
    expect(review.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(review.findings.filter((f) => f.rule === 'require-concurrent-index').map((f) => f.severity)).toEqual(['warning']);
    expect(review.verdict).toBe('pass');
  });

  test('exclude globs skip the rule in matching files only', async () => {
    const findings = await rulesOf({ base: ORDERS, migrations: [PLAIN_INDEX, 'CREATE INDEX o_i ON orders (id);'], rules: { 'require-concurrent-index': { exclude: ['migrations/0001.sql'] } } });
    expect(findings).toEqual(['require-concurrent-index:error@1']);
  });
});
