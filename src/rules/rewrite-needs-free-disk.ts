import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const rewriteNeedsFreeDisk = defineRule({
  name: 'rewrite-needs-free-disk',
  meta: {
    severity: 'warning',
    section: 'backup',
    summary: "A rewrite of an existing table needs free disk of about the table's size.",
    why: "Postgres writes the new copy of the table and its indexes beside the old one and frees the old only at commit, and the WAL of the new copy goes to replicas and the archive: running out of disk on the way stops every write to the cluster, not only this migration.",
    safeAlternative: "Check free disk on the primary and on the replicas (and the WAL archive) against the table's size on production before the deploy, or avoid the rewrite (see table-rewrite-under-exclusive-lock).",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'rewrite-needs-free-disk'),
});
