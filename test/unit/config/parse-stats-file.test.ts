import { parseStatsFile } from '../../../src/config/parse-stats-file.js';

describe('parseStatsFile', () => {
  test('reads what stats export --format json writes', () => {
    const text = JSON.stringify({
      version: 1,
      tables: [
        { table: 'public.orders', rows: 1200000.4, columns: [{ column: 'status', nullFrac: 0, avgWidth: 5, nDistinct: 2, mostCommonVals: '{open,done}', mostCommonFreqs: [0.9, 0.1], histogramBounds: null, correlation: 0.3 }] },
        { table: 'public.empty', rows: 0 },
      ],
    });
    expect(parseStatsFile(text, 'prod.json')).toEqual([
      { table: 'public.orders', rows: 1200000, columns: [expect.objectContaining({ column: 'status', mostCommonFreqs: [0.9, 0.1] })] },
      { table: 'public.empty', rows: 0 },
    ]);
  });

  test.each([
    ['not json', 'prod.json is not JSON'],
    ['{"version":2,"tables":[]}', 'version'],
    ['{"version":1,"tables":[{"table":"t","rows":-1}]}', 'tables.0.rows'],
  ])('%j is refused with %s', (text, message) => {
    expect(() => parseStatsFile(text, 'prod.json')).toThrow(message);
  });
});
