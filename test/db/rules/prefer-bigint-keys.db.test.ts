import { describeRule } from '../../helpers/rule-cases.js';

describeRule('prefer-bigint-keys', {
  bad: [
    { name: 'integer PRIMARY KEY', migrations: ['CREATE TABLE t (id integer PRIMARY KEY);'], lines: [1] },
    { name: 'serial PRIMARY KEY', migrations: ['SELECT 1;\nCREATE TABLE t (id serial PRIMARY KEY, name text);'], lines: [2] },
    { name: 'table-level PRIMARY KEY on an int column', migrations: ['CREATE TABLE t (id int, name text, PRIMARY KEY (id));'], lines: [1] },
    { name: 'integer identity column', migrations: ['CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, name text);'], lines: [1] },
  ],
  good: [
    { name: 'bigint identity PRIMARY KEY', migrations: ['CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);'], lines: [] },
    { name: 'bigserial', migrations: ['CREATE TABLE t (id bigserial PRIMARY KEY);'], lines: [] },
    { name: 'uuid key', migrations: ['CREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid());'], lines: [] },
    { name: 'integer columns that are not keys', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, quantity int);'], lines: [] },
  ],
});
