#!/usr/bin/env node
// npm run new-rule -- <rule-name>
// Creates the complete set for a rule: src/rules/<name>.ts, its registry line in
// src/rules/index.ts, docs/rules/<name>.md from TEMPLATE.md, and a table-driven test with one
// bad and one good case in test/db/rules/<name>.db.test.ts. Refuses to overwrite anything.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name)) {
  console.error('usage: npm run new-rule -- <kebab-case-name> (require-*, ban-*, prefer-*, or what was observed)');
  process.exit(2);
}
const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const root = new URL('../', import.meta.url);
const files = {
  [`src/rules/${name}.ts`]: `import { defineRule } from './define-rule.js';
import { listTracedStatements } from './helpers/walk-statements.js';

export const ${camel} = defineRule({
  name: '${name}',
  meta: {
    severity: 'warning',
    summary: 'TODO: what was found, in one line.',
    why: 'TODO: which lock, what it blocks, rewrite or scan, for how long.',
    safeAlternative: 'TODO: the safe SQL.',
  },
  needs: ['trace'],
  check: (context) =>
    listTracedStatements(context).flatMap((at) => {
      // TODO: decide from at.statement (parse tree), at.traced (locks, rewrites, rows) and at.createdBefore.
      return at.statement.kind === 'TODO' ? [{ file: at.file, line: at.line, message: 'TODO' }] : [];
    }),
});
`,
  [`docs/rules/${name}.md`]: readFileSync(new URL('docs/rules/TEMPLATE.md', root), 'utf8')
    .replace(/^# rule-name/, `# ${name}`)
    .replace('**Severity:** error | warning | info', '**Severity:** warning')
    .replace('**Evidence:** statements | trace', '**Evidence:** trace'),
  [`test/db/rules/${name}.db.test.ts`]: `import { ORGS_USERS } from '../../helpers/fixtures.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('${name}', {
  bad: [
    { name: 'TODO: the dangerous statement on an existing table', base: ORGS_USERS, migrations: ['SELECT 1;'], lines: [1] },
  ],
  good: [
    { name: 'TODO: the safe alternative', base: ORGS_USERS, migrations: ['SELECT 1;'], lines: [] },
    { name: 'the same statement on a table created in the same change', migrations: ['CREATE TABLE t (a int);'], lines: [] },
  ],
});
`,
};
for (const path of Object.keys(files)) {
  if (existsSync(new URL(path, root))) {
    console.error(`${path} exists already; nothing written`);
    process.exit(1);
  }
}
for (const [path, content] of Object.entries(files)) writeFileSync(new URL(path, root), content);

const indexUrl = new URL('src/rules/index.ts', root);
let index = readFileSync(indexUrl, 'utf8');
index = index.replace("import type { Rule } from './define-rule.js';\n", `import type { Rule } from './define-rule.js';\nimport { ${camel} } from './${name}.js';\n`);
index = index.replace('} satisfies Record', `  '${name}': ${camel},\n} satisfies Record`);
writeFileSync(indexUrl, index);
console.log(`created src/rules/${name}.ts, docs/rules/${name}.md, test/db/rules/${name}.db.test.ts and registered it`);
