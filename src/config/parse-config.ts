import { parse as parseYaml, YAMLParseError } from 'yaml';
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
  const scored = names.map((candidate) => [candidate, distance(name, candidate)] as const).sort((a, b) => a[1] - b[1]);
  const best = scored[0];
  return best && best[1] <= Math.max(3, Math.floor(name.length / 3)) ? ` (did you mean "${best[0]}"?)` : `; known rules: ${names.join(', ')}`;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
