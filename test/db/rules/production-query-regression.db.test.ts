import { describeRule } from '../../helpers/rule-cases.js';

const ORDERS = `CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text);
CREATE INDEX orders_customer_idx ON orders (customer_id);
INSERT INTO orders SELECT g, g % 500, 'open' FROM generate_series(1, 20000) g;
ANALYZE orders;`;
const TOP = [{ query: 'SELECT * FROM orders WHERE customer_id = $1', calls: 864_000, callsPerDay: 86_400, meanMs: 0.05, totalMs: 43_200 }];

describeRule('production-query-regression', {
  bad: [
    { name: "dropping the index production's top query uses", base: ORDERS, migrations: ['\nDROP INDEX orders_customer_idx;'], productionQueries: TOP, lines: [2] },
  ],
  good: [
    { name: 'a change the query does not notice', base: ORDERS, migrations: ['ALTER TABLE orders ADD COLUMN note text;'], productionQueries: TOP, lines: [] },
    { name: 'the same regression on a configured query (not one of production\'s top queries)', base: ORDERS, migrations: ['DROP INDEX orders_customer_idx;'], queries: ['SELECT * FROM orders WHERE customer_id = 7'], lines: [] },
  ],
});
