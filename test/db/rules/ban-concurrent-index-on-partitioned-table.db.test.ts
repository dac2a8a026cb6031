import { describeRule } from '../../helpers/rule-cases.js';

const EVENTS = "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');";

describeRule('ban-concurrent-index-on-partitioned-table', {
  bad: [
    { name: 'CREATE INDEX CONCURRENTLY on the parent', base: EVENTS, migrations: ['CREATE INDEX CONCURRENTLY events_at_idx ON events (at);'], lines: [1] },
  ],
  good: [
    { name: 'ON ONLY parent, each partition concurrently, then ATTACH', base: EVENTS, migrations: ['CREATE INDEX events_at_idx ON ONLY events (at);', 'CREATE INDEX CONCURRENTLY events_2023_at_idx ON events_2023 (at);', 'ALTER INDEX events_at_idx ATTACH PARTITION events_2023_at_idx;'], lines: [] },
    { name: 'CREATE INDEX CONCURRENTLY on one partition', base: EVENTS, migrations: ['CREATE INDEX CONCURRENTLY events_2023_at_idx ON events_2023 (at);'], lines: [] },
  ],
});
