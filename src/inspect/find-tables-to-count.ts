import { isDestructive } from '../sql/classify-statement.js';
import type { ParsedStatement } from '../sql/parsed-statement.js';
import { findDestroyedData } from './find-destroyed-data.js';

/** Tables whose rows the review counts before the migrations run, so losses can be reported. */
export function findTablesToCount(statements: ParsedStatement[]): string[] {
  return [...new Set(statements.filter(isDestructive).flatMap((s) => findDestroyedData(s).map((d) => d.table)))];
}
