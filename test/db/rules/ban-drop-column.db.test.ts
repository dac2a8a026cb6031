import { ORGS_USERS } from '../../helpers/fixtures.js';
import { renderComment } from '../../../src/report/render-comment.js';
import { reviewSql, useEmbeddedSandbox } from '../../helpers/review-sql.js';
import { describeRule } from '../../helpers/rule-cases.js';

describeRule('ban-drop-column', {
  bad: [
    { name: 'DROP COLUMN on an existing table', base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email;'], lines: [1] },
    { name: 'two columns in one statement', base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email, DROP COLUMN code;'], lines: [1, 1] },
  ],
  good: [
    { name: 'a column added in the same change', migrations: ['CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;'], lines: [] },
  ],
});

describe('ban-drop-column carries the data it destroys', () => {
  const sandbox = useEmbeddedSandbox(16);
  test('the rows and bytes measured before the migration are in its finding, and said once', async () => {
    const review = await reviewSql(sandbox(), { base: ORGS_USERS, migrations: ['ALTER TABLE users DROP COLUMN email;'] });
    const finding = review.findings.find((f) => f.rule === 'ban-drop-column')!;
    expect(finding.message).toContain('It held 2000 rows');
    expect(finding.evidence).toMatchObject({ kind: 'data-destroyed', object: 'public.users', rows: 2000 });
    expect(review.findings.filter((f) => f.rule === 'data-destroyed')).toEqual([]);
    expect(renderComment(review).match(/held 2000 rows/g)).toHaveLength(1);
  });
});
