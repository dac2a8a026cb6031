import { describeRule } from '../../helpers/rule-cases.js';

const DOMAIN = "CREATE DOMAIN quantity AS int CHECK (VALUE >= 0);\nCREATE TABLE stock (id bigint PRIMARY KEY, q quantity);\nINSERT INTO stock SELECT g, g FROM generate_series(1, 1000) g;";

describeRule('ban-alter-domain-add-constraint', {
  bad: [
    { name: 'ADD CONSTRAINT on a domain in use', base: DOMAIN, migrations: ['ALTER DOMAIN quantity ADD CONSTRAINT quantity_max CHECK (VALUE < 1000000);'], lines: [1] },
    { name: 'VALIDATE CONSTRAINT on a domain in use still takes ShareLock', base: `${DOMAIN}\nALTER DOMAIN quantity ADD CONSTRAINT quantity_max CHECK (VALUE < 1000000) NOT VALID;`, migrations: ['ALTER DOMAIN quantity VALIDATE CONSTRAINT quantity_max;'], lines: [1] },
  ],
  good: [
    { name: 'ADD CONSTRAINT ... NOT VALID', base: DOMAIN, migrations: ['ALTER DOMAIN quantity ADD CONSTRAINT quantity_max CHECK (VALUE < 1000000) NOT VALID;'], lines: [] },
    { name: 'a domain no table uses', base: 'CREATE DOMAIN quantity AS int;', migrations: ['ALTER DOMAIN quantity ADD CONSTRAINT quantity_min CHECK (VALUE >= 0);'], lines: [] },
    { name: 'a domain only used by a table created in the same change', base: 'CREATE DOMAIN quantity AS int;', migrations: ['CREATE TABLE t (q quantity);\nALTER DOMAIN quantity ADD CONSTRAINT quantity_min CHECK (VALUE >= 0);'], lines: [] },
  ],
});
