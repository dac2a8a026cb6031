/** The candidate closest to `word` within `maxEdits` (Levenshtein), for "did you mean" hints. */
export function closestName<T extends string>(word: string, candidates: readonly T[], maxEdits: number): T | undefined {
  let best: { name: T; edits: number } | undefined;
  for (const name of candidates) {
    const edits = editDistance(word, name);
    if (edits <= maxEdits && (!best || edits < best.edits)) best = { name, edits };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
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
