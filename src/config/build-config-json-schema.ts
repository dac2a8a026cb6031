import { z } from 'zod';
import { SUPPORTED_MAJORS } from '../sandbox/supported-versions.js';
import { configSchema } from './config.schema.js';

/**
 * The JSON Schema of `.github/pg-dba-review.yml` for editors (yaml-language-server), from the
 * zod schema itself. Input mode: every key with a default is optional, as users write it.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, any>;
  // A refine() has no JSON Schema form: state the supported majors as the enum they are.
  const version = schema.properties.postgres.properties.version;
  delete version.minimum;
  delete version.maximum;
  version.enum = [...SUPPORTED_MAJORS];
  return {
    $id: 'https://github.com/pg-dba-review/pg-dba-review/raw/main/pg-dba-review.schema.json',
    title: 'pg-dba-review configuration (.github/pg-dba-review.yml)',
    ...schema,
  };
}
