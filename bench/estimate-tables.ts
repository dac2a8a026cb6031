/** The tables both estimate benchmarks fill and measure: `items` with a foreign key to `parent`. */
export const ESTIMATE_BASE = `CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  parent_id bigint NOT NULL REFERENCES parent (id),
  qty integer,
  label text NOT NULL,
  created_at timestamptz NOT NULL
);`;
