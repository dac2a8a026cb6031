import nock from 'nock';
import { APPLIED, APPLIED_SQL, BASE, HEAD, MIGRATION, REPO, base64, fixture, mockGitHub, mockInstallationToken, mockNoConfig, recorder, startTestApp, type TestApp } from '../github/helpers/app-harness.js';

/** Files matching the migration globs that are no migration to run: a clear neutral check. */
describe('huge and binary migration files', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const review = async (content: Buffer | string) => {
    app = await startTestApp();
    const { bodies, record } = recorder();
    const github = mockGitHub();
    mockInstallationToken(github);
    github.post(`${REPO}/check-runs`).reply(201, { id: 950 });
    mockNoConfig(github);
    github.get(`${REPO}/pulls/7/files`).query({ per_page: 100 }).reply(200, [{ filename: MIGRATION, status: 'added' }]);
    github.get(`${REPO}/git/trees/${BASE}`).query({ recursive: 'true' }).reply(200, { sha: BASE, truncated: false, tree: [{ path: APPLIED, type: 'blob', sha: 'a1' }] });
    github.get(`${REPO}/git/blobs/a1`).optionally().reply(200, { sha: 'a1', encoding: 'base64', content: base64(APPLIED_SQL) });
    github.get(`${REPO}/contents/${encodeURIComponent(MIGRATION)}`).query({ ref: HEAD }).reply(200, content, { 'content-type': 'application/vnd.github.raw' });
    github.patch(`${REPO}/check-runs/950`, record('complete')).reply(200, {});
    expect(await app.deliver('pull_request', fixture('pull_request.opened'))).toBe(200);
    await app.idle();
    expect(github.pendingMocks()).toEqual([]);
    expect(app.requests).toEqual([]); // no sandbox was used
    return bodies.complete;
  };

  test('a file over the size limit (default 2 MiB) is not run; the check names the file, its size and the setting', async () => {
    const huge = `INSERT INTO orders VALUES ${Array.from({ length: 150_000 }, (_, i) => `(${i}, ${i})`).join(', ')};\n`;
    expect(huge.length).toBeGreaterThan(2 * 1024 * 1024);
    const complete = await review(huge);
    expect(complete.conclusion).toBe('neutral');
    expect(complete.output.title).toMatch(new RegExp(`^Could not run: ${MIGRATION} is 2\\.\\d MiB, over the 2\\.0 MiB limit for one file`));
    expect(complete.output.summary).toContain('PG_DBA_REVIEW_MAX_FILE_BYTES');
  });

  test('a binary file matching the migration globs is named, not run', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const complete = await review(png);
    expect(complete.conclusion).toBe('neutral');
    expect(complete.output.title).toBe(`Could not run: ${MIGRATION} is not a text file (a NUL byte on line 3; Postgres would stop reading the file there); only UTF-8 text can be reviewed (leave other files out with \`migrations.exclude\`)`);
  });

  test('invalid UTF-8 (a Latin-1 or UTF-16 dump) counts as binary too', async () => {
    const complete = await review(Buffer.from([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0xe9, 0xff, 0x3b]));
    expect(complete.output.title).toContain('is not a text file');
  });
});
