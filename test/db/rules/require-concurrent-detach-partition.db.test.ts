import { describeRule } from '../../helpers/rule-cases.js';

const EVENTS = `CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');`;

describeRule('require-concurrent-detach-partition', {
  bad: [
    { name: 'DETACH PARTITION', base: EVENTS, migrations: ['ALTER TABLE events DETACH PARTITION events_2023;'], lines: [1] },
  ],
  good: [
    { name: 'DETACH PARTITION ... CONCURRENTLY', base: EVENTS, migrations: ['ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;'], lines: [] },
    { name: 'a partitioned table created in the same change', migrations: ["CREATE TABLE e (at date) PARTITION BY RANGE (at);\nCREATE TABLE e1 PARTITION OF e FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\nALTER TABLE e DETACH PARTITION e1;"], lines: [] },
  ],
});
