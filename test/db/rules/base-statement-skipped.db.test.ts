import { describeRule } from '../../helpers/rule-cases.js';

// DISABLE TRIGGER ALL touches the foreign key's system triggers: only a superuser may.
const base = 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));\nALTER TABLE orders DISABLE TRIGGER ALL;';

describeRule('base-statement-skipped', {
  bad: [
    { name: 'a superuser-only base statement skipped as configured', base, baseSuperuserStatements: 'skip', migrations: ['ALTER TABLE orders ADD COLUMN note text;'], lines: [3] },
  ],
  good: [
    { name: 'a base that needs no superuser', base: 'CREATE TABLE orders (id bigint PRIMARY KEY);', baseSuperuserStatements: 'skip', migrations: ['ALTER TABLE orders ADD COLUMN note text;'], lines: [] },
  ],
});
