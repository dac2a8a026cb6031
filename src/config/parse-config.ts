import { parse as parseYaml, YAMLParseError } from 'yaml';
import { closestName } from '../shared/closest-name.js';
import { UsageError } from '../shared/errors.js';
import { rules } from '../rules/index.js';
import { configSchema, type Config } from './config.schema.js';

/** YAML text → Config with defaults, or a UsageError naming the exact key and problem. */
export function parseConfig(text: string, source = '.github/pg-dba-review.yml'): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` line ${error.linePos[0].line}` : '';
    throw new UsageError(`${source}${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { showUsage: false });
  }
  const result = configSchema.safeParse(raw);
  if (result.success) {
    const unknown = Object.keys(result.data.rules).filter((name) => !(name in rules));
    if (unknown.length > 0) {
      const problems = unknown.map((name) => `rules.${name}: unknown rule "${name}"${suggest(name)}`);
      throw new UsageError(`${source} is invalid: ${problems.join('; ')}`);
    }
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${key}: ${issue.message}`;
  });
  throw new UsageError(`${source} is invalid: ${problems.join('; ')}`, { showUsage: false });
}

/** An already-parsed YAML object (as Probot's config loader returns it) → Config, or a UsageError. */
export function parseConfigObject(raw: unknown, source = '.github/pg-dba-review.yml'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new UsageError(`${source} is invalid: ${describeIssues(result.error.issues).join('; ')}`);
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string[] {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`);
}

/** " (did you mean ...?)" for the closest rule name, when one is close. */
function suggest(name: string): string {
  const names = Object.keys(rules);
  const best = closestName(name, names, Math.max(3, Math.floor(name.length / 3)));
  return best ? ` (did you mean "${best}"?)` : `; known rules: ${names.join(', ')}`;
}
