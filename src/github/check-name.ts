/** The one stable check name a repository marks as required. */
export const CHECK_NAME = 'PostgreSQL DBA Review';

/** Identifier of the check's "Re-run review" button (check_run.requested_action). */
export const RERUN_ACTION = 'rerun';
