import { describeRule } from '../../helpers/rule-cases.js';

const EVENTS = `CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 (id int, at date);
INSERT INTO events_2024 SELECT g, date '2024-01-01' + (g % 300) FROM generate_series(1, 1000) g;`;
const ATTACH = "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
const CHECK = "ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound CHECK (at IS NOT NULL AND at >= '2024-01-01' AND at < '2025-01-01') NOT VALID;";

describeRule('require-check-before-attach-partition', {
  bad: [
    { name: 'ATTACH PARTITION of an existing table, no CHECK', base: EVENTS, migrations: [ATTACH], lines: [1] },
    { name: 'an empty table in the base: the scan is still measured', base: 'CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 (id int, at date);', migrations: [ATTACH], lines: [1] },
    { name: 'a matching CHECK, but the DEFAULT partition holds rows and is scanned', base: `${EVENTS}\nCREATE TABLE events_other PARTITION OF events DEFAULT;\nINSERT INTO events_other VALUES (1, '2030-01-01');\n${CHECK.replace(' NOT VALID', '')}`, migrations: [ATTACH], lines: [1] },
    { name: 'the CHECK is NOT VALID when attaching', base: EVENTS, migrations: [CHECK, ATTACH], lines: [1] },
  ],
  good: [
    // A valid CHECK that implies the bound lets Postgres skip the scan (measured: none).
    { name: 'the base table already has a valid CHECK matching the bound', base: `${EVENTS}\n${CHECK.replace(' NOT VALID', '')}`, migrations: [ATTACH], lines: [] },
    { name: 'validated CHECK first', base: EVENTS, migrations: [CHECK, 'ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound;', ATTACH], lines: [] },
    { name: 'attaching a table created in the same change', base: EVENTS, migrations: [`CREATE TABLE events_2025 (id int, at date);\nALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`], lines: [] },
    { name: 'CREATE TABLE ... PARTITION OF', base: EVENTS, migrations: ["CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"], lines: [] },
  ],
});
