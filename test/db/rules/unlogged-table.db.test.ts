import { describeRule } from '../../helpers/rule-cases.js';

describeRule('unlogged-table', {
  bad: [
    { name: 'CREATE UNLOGGED TABLE', migrations: ['CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v jsonb);'], lines: [1] },
    { name: 'SET UNLOGGED on an existing table', base: 'CREATE TABLE events (id bigint PRIMARY KEY);', migrations: ['ALTER TABLE events SET UNLOGGED;'], lines: [1] },
  ],
  good: [
    { name: 'a logged table', migrations: ['CREATE TABLE cache (k text PRIMARY KEY, v jsonb);'], lines: [] },
    { name: 'SET LOGGED', base: 'CREATE UNLOGGED TABLE events (id bigint PRIMARY KEY);', migrations: ['ALTER TABLE events SET LOGGED;'], lines: [] },
  ],
});
