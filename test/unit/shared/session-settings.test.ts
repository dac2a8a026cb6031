import { checkSessionSetting, mergeSessionSettings, parseSessionSetting, toSessionSettings } from '../../../src/shared/session-settings.js';

describe('session settings (config migrations.sessionSettings, CLI --session-setting)', () => {
  test('NAME=VALUE, the value kept as written (it is passed as a parameter, never spliced into SQL)', () => {
    expect(parseSessionSetting('lock_timeout=5s')).toEqual({ name: 'lock_timeout', value: '5s' });
    expect(parseSessionSetting("search_path=app, public")).toEqual({ name: 'search_path', value: 'app, public' });
    expect(parseSessionSetting("application_name=it's; DROP TABLE users")).toEqual({ name: 'application_name', value: "it's; DROP TABLE users" });
    expect(parseSessionSetting('Statement_Timeout=0')).toEqual({ name: 'statement_timeout', value: '0' });
    expect(parseSessionSetting('app.tenant=42')).toEqual({ name: 'app.tenant', value: '42' });
  });

  test.each([
    ['lock_timeout', /takes NAME=VALUE/],
    ['=5s', /takes NAME=VALUE/],
    ['lock timeout=5s', /not a Postgres setting name/],
    ["lock_timeout'=5s", /not a Postgres setting name/],
    ['a.b.c=1', /not a Postgres setting name/],
    ['role=postgres', /"role" is refused/],
    ['SESSION_AUTHORIZATION=postgres', /refused/],
    ['session_replication_role=replica', /disables triggers/],
    ['session_preload_libraries=auto_explain', /loads server libraries/],
    ['temp_file_limit=-1', /disk guard/],
    ['transaction_isolation=serializable', /default_transaction_isolation/],
    ['application_name=a\nb', /one line/],
  ])('%j is refused', (text, message) => {
    expect(() => parseSessionSetting(text)).toThrow(message);
  });

  test('the config map: YAML numbers and booleans become the values SET would take', () => {
    expect(toSessionSettings({ lock_timeout: '5s', statement_timeout: 0, enable_seqscan: false })).toEqual([
      { name: 'lock_timeout', value: '5s' },
      { name: 'statement_timeout', value: '0' },
      { name: 'enable_seqscan', value: 'off' },
    ]);
    expect(() => toSessionSettings({ role: 'admin' })).toThrow(/refused/);
  });

  test('a later setting of the same name wins, in the order first given', () => {
    expect(mergeSessionSettings([checkSessionSetting('lock_timeout', '5s'), checkSessionSetting('statement_timeout', '1min')], [checkSessionSetting('LOCK_TIMEOUT', '2s')])).toEqual([
      { name: 'lock_timeout', value: '2s' },
      { name: 'statement_timeout', value: '1min' },
    ]);
  });
});
