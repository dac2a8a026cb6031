import { writeFileSync } from 'node:fs';
import { buildConfigJsonSchema } from '../src/config/build-config-json-schema.js';

/** Writes pg-dba-review.schema.json (run by `npm run schema`; a test fails when it is stale). */
const target = new URL('../../pg-dba-review.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
