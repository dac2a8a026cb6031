import { runCli } from '../helpers/run-cli.js';

describe('CLI argument errors exit 2 with a clear message, before any Postgres starts', () => {
  test.each([
    [['check', '--bogus', 'x.sql'], /Unknown option '--bogus'/],
    [['check', '--pg-version', '13', 'x.sql'], /--pg-version 13 is not supported; choose one of 14, 15, 16, 17, 18/],
    [['check', '--format', 'xml', 'x.sql'], /--format must be markdown, json or sarif/],
    [['check', '--fail-on', 'info', 'x.sql'], /--fail-on must be error or warning/],
    [['check'], /check needs at least one migration FILE/],
    [['check', 'no/such/file.sql'], /no such file: no\/such\/file\.sql/],
    [['check', '--statement-timeout', 'soon', 'x.sql'], /--statement-timeout must be a positive number/],
    [['lint', 'x.sql'], /unknown command "lint"/],
    [['check', '--session-setting', 'lock_timeout', 'x.sql'], /--session-setting takes NAME=VALUE/],
    [['check', '--session-setting', 'lock timeout=5s', 'x.sql'], /"lock timeout" is not a Postgres setting name/],
    [['check', '--session-setting', 'role=postgres', 'x.sql'], /session setting "role" is refused/],
    [['check', '--session-setting', 'session_replication_role=replica', 'x.sql'], /disables triggers and foreign-key checks/],
    [['review', 'extra.sql'], /review takes no FILE arguments/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  test('help prints usage and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:/);
  });
});

describe('progress on stderr (issue 13)', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: Object.assign({ write: (text: string) => written.push(text) > 0 }, { isTTY }) as unknown as NodeJS.WritableStream };
  };

  test('on a terminal, once the review outlasts the delay: the stage and statements done, cleared at the end', async () => {
    const { showProgress } = await import('../../src/cli.js');
    const { written, stream: err } = stream(true);
    const progress = showProgress(err, 0);
    progress.update({ stage: 'trace', statementsDone: 1234, statementsTotal: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    progress.stop();
    expect(written.join('')).toMatch(/pg-dba-review: trace, 1,234 of 5,000 statements \(\d+ s\)/);
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  test('nothing when stderr is not a terminal (CI logs, pipes)', async () => {
    const { showProgress } = await import('../../src/cli.js');
    const { written, stream: err } = stream(false);
    const progress = showProgress(err, 0);
    progress.update({ stage: 'trace', statementsDone: 1, statementsTotal: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    progress.stop();
    expect(written).toEqual([]);
  });
});
