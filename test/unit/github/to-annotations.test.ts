import { toAnnotations } from '../../../src/github/to-annotations.js';
import { upsertReviewComment } from '../../../src/github/upsert-review-comment.js';
import type { CheckAnnotation } from '../../../src/review/ports.js';

const annotation = (i: number): CheckAnnotation => ({ path: 'db/migrations/1.sql', startLine: i + 1, endLine: i + 1, level: 'warning', title: 'rule', message: `finding ${i}` });

describe('toAnnotations', () => {
  test.each([
    [0, []],
    [1, [1]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])('%i annotations → batches of %j', (count, sizes) => {
    const batches = toAnnotations(Array.from({ length: count }, (_, i) => annotation(i)));
    expect(batches.map((b) => b.length)).toEqual(sizes);
  });

  test("the Checks API's field names and limits", () => {
    const first = toAnnotations([{ ...annotation(0), title: "x".repeat(300) }])[0]![0];
    expect(first).toEqual({ path: 'db/migrations/1.sql', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'x'.repeat(255), message: 'finding 0' });
  });
});

describe('upsertReviewComment', () => {
  const marker = '<!-- m -->';
  const writer = () => {
    const calls: string[] = [];
    return { calls, create: async (body: string) => void calls.push(`create ${body}`), update: async (id: number, body: string) => void calls.push(`update ${id} ${body}`) };
  };
  test.each([
    ['no comment yet → created', [], { createIfMissing: true }, 'created', ['create <!-- m --> new']],
    ['no comment and nothing to say → skipped', [], { createIfMissing: false }, 'skipped', []],
    ['our comment differs → updated in place', [{ id: 3, body: '<!-- m --> old' }], { createIfMissing: true }, 'updated', ['update 3 <!-- m --> new']],
    ['our comment is the same → unchanged', [{ id: 3, body: '<!-- m --> new' }], { createIfMissing: true }, 'unchanged', []],
    ['a bot comment without the marker is not ours to edit', [{ id: 4, body: 'other' }], { createIfMissing: true }, 'created', ['create <!-- m --> new']],
  ])('%s', async (_, comments, options, result, calls) => {
    const w = writer();
    expect(await upsertReviewComment(comments, '<!-- m --> new', marker, w, options)).toBe(result);
    expect(w.calls).toEqual(calls);
  });
});
