import { describeRule } from '../../helpers/rule-cases.js';

describeRule('rls-disabled-in-exposed-schema', {
  bad: [
    { name: 'a new table in the exposed schema without RLS', exposedSchemas: ['public'], migrations: ['CREATE TABLE profiles (id bigint PRIMARY KEY, email text);'], lines: [1] },
    { name: 'RLS disabled on an exposed table', base: 'CREATE TABLE p (id int);\nALTER TABLE p ENABLE ROW LEVEL SECURITY;\nCREATE POLICY x ON p USING (true);', exposedSchemas: ['public'], migrations: ['ALTER TABLE p DISABLE ROW LEVEL SECURITY;'], lines: [1] },
  ],
  good: [
    { name: 'a new table with RLS and a policy', exposedSchemas: ['public'], migrations: ['CREATE TABLE profiles (id bigint PRIMARY KEY);\nALTER TABLE profiles ENABLE ROW LEVEL SECURITY;\nCREATE POLICY self ON profiles USING (true);'], lines: [] },
    { name: 'a schema the config does not list as exposed', exposedSchemas: ['api'], migrations: ['CREATE TABLE profiles (id bigint PRIMARY KEY);'], lines: [] },
    { name: 'no exposed schema configured', migrations: ['CREATE TABLE profiles (id bigint PRIMARY KEY);'], lines: [] },
  ],
});
