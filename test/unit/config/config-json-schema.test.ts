import { readFileSync } from 'node:fs';
import { buildConfigJsonSchema } from '../../../src/config/build-config-json-schema.js';

const FILE = new URL('../../../pg-dba-review.schema.json', import.meta.url);

describe('pg-dba-review.schema.json', () => {
  test('is what the zod schema generates (regenerate with npm run schema)', () => {
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(buildConfigJsonSchema());
  });

  test('lists every rule name and the four severities', () => {
    const rules = (buildConfigJsonSchema().properties as Record<string, Record<string, unknown>>).rules!;
    expect((rules.propertyNames as { enum: string[] }).enum).toContain('require-lock-timeout');
    expect(JSON.stringify(rules)).toContain('"off"');
  });
});
