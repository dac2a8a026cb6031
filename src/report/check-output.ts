export type CheckConclusion = 'success' | 'failure' | 'neutral';

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** What the "PostgreSQL DBA Review" check run says when it completes. */
export interface CheckOutcome {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

/** Everything check-summary.md.hbs prints, already formatted (built by build-check-outcome.ts). */
export interface CheckSummaryModel {
  verdictIcon: string;
  verdictLabel: string;
  verdictDetail: string;
  hasFindings: boolean;
  findings: Array<{ icon: string; rule: string; location: string; message: string }>;
  hasAcknowledged: boolean;
  acknowledged: Array<{ rule: string; location: string; reason: string; by: string }>;
  hasMigrations: boolean;
  migrations: Array<{ path: string; status: string; statements: string }>;
  hasNotEvaluated: boolean;
  notEvaluated: string;
  hasPostgres: boolean;
  postgresVersion: string;
}
