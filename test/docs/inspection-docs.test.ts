import { readdirSync, readFileSync } from 'node:fs';

const SOURCES = [new URL('../../src/inspect/', import.meta.url), new URL('../../src/review/', import.meta.url)];
const DOC = readFileSync(new URL('../../docs/inspections.md', import.meta.url), 'utf8');

/** Every `kind: '...'` (or `kind: cond ? 'a' : 'b'`) an inspector can emit. */
function emittedKinds(): string[] {
  const kinds = new Set<string>();
  for (const dir of SOURCES) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const [, expression] of text.matchAll(/\bkind: ([^\n,]+),/g)) {
        for (const [, kind] of expression!.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)) kinds.add(kind!);
      }
    }
  }
  return [...kinds].sort();
}

describe('inspection docs', () => {
  test('the scan finds the inspectors', () => {
    expect(emittedKinds()).toEqual(expect.arrayContaining(['fk-without-index', 'role-created', 'grant-to-public', 'data-destroyed']));
  });

  test.each(emittedKinds())('%s has a heading in docs/inspections.md', (kind) => {
    expect(DOC).toContain(`\n### ${kind}\n`);
  });
});
