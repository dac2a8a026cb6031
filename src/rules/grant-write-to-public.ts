import { defineRule } from './define-rule.js';
import { judgeNotes } from './helpers/judge-notes.js';

export const grantWriteToPublic = defineRule({
  name: 'grant-write-to-public',
  meta: {
    severity: 'error',
    section: 'security',
    summary: "A write privilege on a table is granted to PUBLIC.",
    why: "PUBLIC is every role in the cluster, present and future, including ones created for reporting tools or other services: INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER for PUBLIC lets all of them change or destroy the data.",
    safeAlternative: "Grant to the application's role only:\nREVOKE ALL ON t FROM PUBLIC;\nGRANT SELECT, INSERT, UPDATE ON t TO app_user;",
  },
  needs: ['catalog'],
  check: (context) => judgeNotes(context, 'grant-write-to-public'),
});
