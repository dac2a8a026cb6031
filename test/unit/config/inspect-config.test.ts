import { parseConfig } from '../../../src/config/parse-config.js';

describe('config keys for the DBA notes', () => {
  test('tables (as stats export prints them) and exposedSchemas parse', () => {
    const config = parseConfig(
      '# Row estimates (pg_class.reltuples) exported by pg-dba-review stats export.\ntables:\n  "public.orders": { rows: 1200000 }\n  "billing.invoices": { rows: 10 }\nexposedSchemas: [public, api]\n',
    );
    expect(config.tables).toEqual({ 'public.orders': { rows: 1_200_000 }, 'billing.invoices': { rows: 10 } });
    expect(config.exposedSchemas).toEqual(['public', 'api']);
  });

  test('defaults: no hints, no exposed schemas', () => {
    expect(parseConfig('')).toMatchObject({ tables: {}, exposedSchemas: [] });
  });

  test.each([
    ['tables:\n  orders: { rows: -1 }\n', 'tables.orders.rows'],
    ['tables:\n  orders: { rowz: 5 }\n', 'tables.orders'],
    ['exposedSchemas: public\n', 'exposedSchemas'],
  ])('%j is rejected naming %s', (yaml, key) => {
    expect(() => parseConfig(yaml)).toThrow(key);
  });
});
