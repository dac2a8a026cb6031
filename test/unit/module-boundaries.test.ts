import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]!);

describe('module boundaries (STYLE: placement rule 1)', () => {
  test('only src/github/ imports probot or Octokit', () => {
    const offenders = files(SRC)
      .filter((file) => !path.relative(SRC, file).startsWith('github/'))
      .filter((file) => imports(file).some((spec) => spec === 'probot' || spec.startsWith('@octokit/') || spec.startsWith('@probot/')))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  test.each(['estimate/', 'trace/'])('src/%s does not import src/rules/ (rules judge what trace and estimate measure, not the other way)', (folder) => {
    const offenders = files(path.join(SRC, folder))
      .filter((file) => imports(file).some((spec) => path.resolve(path.dirname(file), spec).startsWith(path.join(SRC, 'rules'))))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
