import { inspectBackup } from './inspect-backup.js';
import { inspectIndexes } from './inspect-indexes.js';
import { inspectRls } from './inspect-rls.js';
import { inspectSecurity } from './inspect-security.js';
import type { InspectionInput, InspectionNote } from './inspection.js';

/** Every catalog inspector, one per topic, in the order the comment's sections come. */
const INSPECTORS = [inspectIndexes, inspectRls, inspectSecurity, inspectBackup];

export function runInspections(input: InspectionInput): InspectionNote[] {
  return INSPECTORS.flatMap((inspect) => inspect(input));
}
