import { quoteIdent, quoteQualified } from '../../../src/sql/quote-ident.js';

describe('quoteIdent', () => {
  test.each([
    ['orders', 'orders'],
    ['order_items2', 'order_items2'],
    ['Orders', '"Orders"'],
    ['user', '"user"'],
    ['select', '"select"'],
    ['has space', '"has space"'],
    ['quote"d', '"quote""d"'],
    ['1abc', '"1abc"'],
  ])('%s → %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  test('qualified names quote each part', () => {
    expect(quoteQualified('public.orders')).toBe('public.orders');
    expect(quoteQualified('Billing.user')).toBe('"Billing"."user"');
    expect(quoteQualified('orders')).toBe('orders');
  });
});
