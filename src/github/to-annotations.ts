import type { CheckAnnotation } from '../review/ports.js';

/** The Checks API takes at most 50 annotations per request; more are appended by further updates. */
export const ANNOTATIONS_PER_REQUEST = 50;

export interface GitHubAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** Our annotations in the Checks API's shape, in batches of 50. */
export function toAnnotations(annotations: CheckAnnotation[]): GitHubAnnotation[][] {
  const shaped = annotations.map((a) => ({
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    title: a.title.slice(0, 255),
    message: a.message.slice(0, 64_000),
  }));
  const batches: GitHubAnnotation[][] = [];
  for (let i = 0; i < shaped.length; i += ANNOTATIONS_PER_REQUEST) batches.push(shaped.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return batches;
}
