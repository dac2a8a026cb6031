import { listAddedChecks } from '../../../src/sql/list-added-checks.js';
import { splitStatements } from '../../../src/sql/split-statements.js';

const first = (sql: string) => splitStatements({ path: 'm.sql', content: sql }).statements.at(-1)!;

describe('listAddedChecks: the CHECK expressions an ALTER TABLE adds, as written', () => {
  test.each([
    { sql: 'ALTER TABLE items ADD CONSTRAINT c CHECK (price > 0);', checks: [{ table: 'public.items', expression: 'price > 0' }] },
    { sql: 'ALTER TABLE shop.items ADD CHECK ((qty >= 0) AND (qty < 100));', checks: [{ table: 'shop.items', expression: '(qty >= 0) AND (qty < 100)' }] },
    { sql: "ALTER TABLE items ADD CONSTRAINT c CHECK (label <> ')' /* ) */ AND label <> '(');", checks: [{ table: 'public.items', expression: `label <> ')' ${' '.repeat(7)} AND label <> '('` }] },
    { sql: "ALTER TABLE items ADD CONSTRAINT c CHECK (label <> 'a  b');", checks: [{ table: 'public.items', expression: "label <> 'a  b'" }] },
    { sql: 'ALTER TABLE items ADD CONSTRAINT c CHECK (\n  qty > 0 -- positive )\n);', checks: [{ table: 'public.items', expression: 'qty > 0' }] },
    { sql: 'ALTER TABLE items ADD CONSTRAINT c CHECK (qty > 0) NOT VALID, ADD CONSTRAINT d CHECK (price > 0);', checks: [{ table: 'public.items', expression: 'qty > 0' }, { table: 'public.items', expression: 'price > 0' }] },
    { sql: "SELECT 1;\n-- é\nALTER TABLE items ADD CONSTRAINT \"chéck\" CHECK (label <> 'é' AND qty > 0);", checks: [{ table: 'public.items', expression: "label <> 'é' AND qty > 0" }] },
    { sql: 'ALTER TABLE items ADD COLUMN z int CHECK (z > 0);', checks: [] },
    { sql: 'ALTER TABLE items ADD CONSTRAINT f FOREIGN KEY (parent_id) REFERENCES parent (id);', checks: [] },
    { sql: 'ALTER TABLE items VALIDATE CONSTRAINT c;', checks: [] },
    { sql: 'CREATE TABLE t (a int CHECK (a > 0));', checks: [] },
  ])('$sql', ({ sql, checks }) => {
    expect(listAddedChecks(first(sql))).toEqual(checks);
  });
});
