import { describeRule } from '../../helpers/rule-cases.js';

describeRule('prefer-timestamptz', {
  bad: [
    { name: 'timestamp in CREATE TABLE', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamp NOT NULL DEFAULT now());'], lines: [1] },
    { name: 'timestamp without time zone in ADD COLUMN', base: 'CREATE TABLE t (id bigint PRIMARY KEY);', migrations: ['ALTER TABLE t ADD COLUMN seen_at timestamp without time zone;'], lines: [1] },
    { name: 'two timestamp columns in one statement are one finding', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamp, updated_at timestamp);'], lines: [1] },
  ],
  good: [
    { name: 'timestamptz', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());'], lines: [] },
    { name: 'timestamp with time zone', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamp with time zone);'], lines: [] },
    { name: 'date', migrations: ['CREATE TABLE t (id bigint PRIMARY KEY, born date);'], lines: [] },
  ],
});
