/**
 * Synthetic but realistic migration histories: each base migration creates a table with a
 * foreign key to the previous one, an index and a few hundred rows; the new migrations mix the
 * usual changes (indexes, columns, constraints), half of them safe and half dangerous.
 */
export function generateBaseHistory(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const ref = i > 0 ? `,\n  parent_id bigint REFERENCES t${i - 1} (id)` : '';
    return `CREATE TABLE t${i} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  amount numeric(12,2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()${ref}
);
CREATE INDEX t${i}_created_at_idx ON t${i} (created_at);
INSERT INTO t${i} (name, amount) SELECT 'row ' || g, g FROM generate_series(1, 200) g;
`;
  });
}

export function generateNewMigrations(count: number, baseCount: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const table = `t${(i * 7) % baseCount}`;
    switch (i % 4) {
      case 0:
        return `CREATE INDEX ${table}_name_${i}_idx ON ${table} (name);`;
      case 1:
        return `ALTER TABLE ${table} ADD COLUMN note_${i} text;\nALTER TABLE ${table} ADD COLUMN flag_${i} boolean NOT NULL DEFAULT false;`;
      case 2:
        return `ALTER TABLE ${table} ADD CONSTRAINT ${table}_amount_${i}_check CHECK (amount >= 0) NOT VALID;\nALTER TABLE ${table} VALIDATE CONSTRAINT ${table}_amount_${i}_check;`;
      default:
        return `CREATE INDEX CONCURRENTLY ${table}_amount_${i}_idx ON ${table} (amount);`;
    }
  });
}

/** One large file for parser throughput: `count` statements of the usual kinds. */
export function generateLargeFile(count: number): string {
  const history = generateBaseHistory(Math.ceil(count / 3)).join('\n');
  return history;
}
