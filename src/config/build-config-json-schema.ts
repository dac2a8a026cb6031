import { z } from 'zod';
import { rules } from '../rules/index.js';
import { configSchema } from './config.schema.js';

/**
 * The JSON Schema of `.github/pg-dba-review.yml` for editors (yaml-language-server), generated
 * from the zod schema, with the rule names listed so that a typo is underlined while typing.
 * Published as docs/pg-dba-review.schema.json; a test fails when it drifts.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  properties.rules = { ...properties.rules, propertyNames: { enum: Object.keys(rules).sort() } };
  return { ...schema, title: 'pg-dba-review configuration (.github/pg-dba-review.yml)' };
}
