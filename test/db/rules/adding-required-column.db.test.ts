import { describeRule } from '../../helpers/rule-cases.js';

const EMPTY = 'CREATE TABLE accounts (id bigint PRIMARY KEY);';

describeRule('adding-required-column', {
  bad: [
    { name: 'NOT NULL without DEFAULT on an (empty in the sandbox) existing table', base: EMPTY, migrations: ['ALTER TABLE accounts ADD COLUMN plan text NOT NULL;'], lines: [1] },
  ],
  good: [
    { name: 'NOT NULL with a constant DEFAULT', base: EMPTY, migrations: ["ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free';"], lines: [] },
    { name: 'nullable column', base: EMPTY, migrations: ['ALTER TABLE accounts ADD COLUMN plan text;'], lines: [] },
    { name: 'identity column fills itself', base: EMPTY, migrations: ['ALTER TABLE accounts ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY;'], lines: [] },
    { name: 'on a table created in the same change', migrations: ['CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN plan text NOT NULL;'], lines: [] },
    { name: 'with rows the sandbox itself refuses it: migration-failed says so', base: `${EMPTY}\nINSERT INTO accounts VALUES (1);`, migrations: ['ALTER TABLE accounts ADD COLUMN plan text NOT NULL;'], lines: [] },
  ],
});
