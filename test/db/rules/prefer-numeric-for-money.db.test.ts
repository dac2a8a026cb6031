import { describeRule } from '../../helpers/rule-cases.js';

describeRule('prefer-numeric-for-money', {
  bad: [
    { name: 'the money type', migrations: ['CREATE TABLE orders (id bigint PRIMARY KEY, total money);'], lines: [1] },
    { name: 'double precision price', migrations: ['CREATE TABLE items (id bigint PRIMARY KEY, unit_price double precision);'], lines: [1] },
    { name: 'real amount added to a table', base: 'CREATE TABLE payments (id bigint PRIMARY KEY);', migrations: ['ALTER TABLE payments ADD COLUMN amount real;'], lines: [1] },
  ],
  good: [
    { name: 'numeric amount', migrations: ['CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2));'], lines: [] },
    { name: 'bigint cents', migrations: ['CREATE TABLE orders (id bigint PRIMARY KEY, total_cents bigint, currency char(3));'], lines: [] },
    { name: 'double precision that is not money', migrations: ['CREATE TABLE places (id bigint PRIMARY KEY, latitude double precision);'], lines: [] },
  ],
});
