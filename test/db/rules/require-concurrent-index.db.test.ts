import { describeRule } from '../../helpers/rule-cases.js';

const ORDERS = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nINSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 5000) g;';

describeRule('require-concurrent-index', {
  bad: [
    { name: 'plain CREATE INDEX on an existing table', base: ORDERS, migrations: ['CREATE INDEX o_c ON orders (customer_id);'], lines: [1] },
    { name: 'unique index after other statements', base: ORDERS, migrations: ['SELECT 1;\n\nCREATE UNIQUE INDEX o_id ON orders (id);'], lines: [3] },
    { name: 'index on a materialized view', base: `${ORDERS}\nCREATE MATERIALIZED VIEW totals AS SELECT customer_id, count(*) FROM orders GROUP BY 1;`, migrations: ['CREATE INDEX t_c ON totals (customer_id);'], lines: [1] },
  ],
  good: [
    { name: 'CREATE INDEX CONCURRENTLY', base: ORDERS, migrations: ['CREATE INDEX CONCURRENTLY o_c ON orders (customer_id);'], lines: [] },
    { name: 'index on a table created in the same migration', migrations: ['CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);'], lines: [] },
  ],
});
