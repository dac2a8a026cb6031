import { describeRule } from '../../helpers/rule-cases.js';

describeRule('schema-create-to-public', {
  bad: [{ name: 'CREATE on a new schema for PUBLIC', migrations: ['CREATE SCHEMA app;\nGRANT CREATE ON SCHEMA app TO PUBLIC;'], lines: [2] }],
  good: [{ name: 'USAGE only', migrations: ['CREATE SCHEMA app;\nGRANT USAGE ON SCHEMA app TO PUBLIC;'], lines: [] }],
});
