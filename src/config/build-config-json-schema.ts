import { z } from 'zod';
import { rules } from '../rules/index.js';
import { SUPPORTED_MAJORS } from '../sandbox/supported-versions.js';
import { configSchema } from './config.schema.js';

/**
 * The JSON Schema of `.github/pg-dba-review.yml` for editors (yaml-language-server), from the
 * zod schema itself. Input mode: every key with a default is optional, as users write it. The
 * rule names are listed so that a typo is underlined while typing. Published as
 * pg-dba-review.schema.json (`npm run schema`); a test fails when it drifts.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, any>;
  // A refine() has no JSON Schema form: state the supported majors as the enum they are.
  const version = schema.properties.postgres.properties.version;
  delete version.minimum;
  delete version.maximum;
  version.enum = [...SUPPORTED_MAJORS];
  schema.properties.rules = { ...schema.properties.rules, propertyNames: { enum: Object.keys(rules).sort() } };
  return {
    $id: 'https://github.com/pg-dba-review/pg-dba-review/raw/main/pg-dba-review.schema.json',
    title: 'pg-dba-review configuration (.github/pg-dba-review.yml)',
    ...schema,
  };
}
