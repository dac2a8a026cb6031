import { describeRule } from '../../helpers/rule-cases.js';

const MOOD = "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE people (id int, mood mood);\nINSERT INTO people VALUES (1, 'ok');";

describeRule('enum-value-used-in-same-transaction', {
  bad: [
    { name: 'ADD VALUE then UPDATE with it in one file', base: MOOD, migrations: ["ALTER TYPE mood ADD VALUE 'happy';\nUPDATE people SET mood = 'happy' WHERE id = 1;"], lines: [2] },
    { name: 'ADD VALUE then a DEFAULT using it inside BEGIN', base: MOOD, migrations: ["BEGIN;\nALTER TYPE mood ADD VALUE 'happy';\nSELECT 'happy'::mood;\nCOMMIT;"], lines: [3] },
  ],
  good: [
    { name: 'used in the next migration', base: MOOD, migrations: ["ALTER TYPE mood ADD VALUE 'happy';", "UPDATE people SET mood = 'happy' WHERE id = 1;"], lines: [] },
    { name: 'ADD VALUE alone', base: MOOD, migrations: ["ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok';"], lines: [] },
  ],
});
