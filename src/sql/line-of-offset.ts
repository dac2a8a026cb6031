/**
 * Maps offsets to 1-based line numbers. Built once per text, so splitting a file of n
 * statements costs O(n log n), not a rescan from the top for every statement.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  /** `text` is a Buffer (byte offsets, as libpg-query reports them) or a string (character offsets). */
  constructor(text: Buffer | string) {
    if (typeof text === 'string') {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    } else {
      for (let i = text.indexOf(0x0a); i !== -1; i = text.indexOf(0x0a, i + 1)) this.starts.push(i + 1);
    }
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** 1-based line number of a 0-based character index in a string. */
export function lineOfCharIndex(text: string, index: number): number {
  return new LineIndex(text).lineOf(index);
}
