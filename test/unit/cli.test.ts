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
