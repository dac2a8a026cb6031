describe('src/index.ts, the Probot entry', () => {
  test('exports the app function and starts nothing on import', async () => {
    const { default: app } = await import('../../src/index.js');
    expect(typeof app).toBe('function');
    expect(app.length).toBe(2);
  });
});
