import { parseConfig } from '../../../src/config/parse-config.js';

describe('parseConfig: rules and naming', () => {
  test('an empty file gives no overrides and snake_case naming', () => {
    const config = parseConfig('');
    expect(config.rules).toEqual({});
    expect(config.naming.table).toBe('^[a-z][a-z0-9_]*$');
  });

  test('severity overrides and exclusions', () => {
    const config = parseConfig('rules:\n  unused-ignore-directive: { severity: "off" }\n  require-concurrent-index:\n    severity: error\n    exclude: ["db/cleanup/**"]\n');
    expect(config.rules).toEqual({
      'unused-ignore-directive': { severity: 'off', exclude: [] },
      'require-concurrent-index': { severity: 'error', exclude: ['db/cleanup/**'] },
    });
  });

  test.each([
    ['an unknown rule name, with the exact key', 'rules:\n  require-concurent-index: { severity: warning }\n', /rules\.require-concurent-index: unknown rule "require-concurent-index" \(did you mean "require-concurrent-index"\?\)/],
    ['an unknown severity', 'rules:\n  require-concurrent-index: { severity: fatal }\n', /rules\.require-concurrent-index\.severity/],
    ['an unknown key in a rule', 'rules:\n  require-concurrent-index: { sevrity: error }\n', /rules\.require-concurrent-index/],
    ['an invalid naming pattern', 'naming:\n  table: "([a-z"\n', /naming\.table: must be a valid regular expression/],
  ])('rejects %s', (_name, yaml, message) => {
    expect(() => parseConfig(yaml)).toThrow(message);
  });
});
