import { isClusterGone } from '../../../src/github/app-dependencies.js';
import type { Sandbox } from '../../../src/review/ports.js';
import { SandboxPool } from '../../../src/sandbox/sandbox-pool.js';

function fakeSandbox(major: number, closed: number[]): Sandbox {
  return {
    serverVersion: `${major}.0`,
    majorVersion: major,
    prepareBase: async () => ({ templateDatabase: 't' }),
    openBranch: async () => {
      throw new Error('not in this test');
    },
    close: async () => void closed.push(major),
  };
}

describe('SandboxPool', () => {
  test('one cluster per major, started on first use and reused', async () => {
    const started: number[] = [];
    const closed: number[] = [];
    const pool = new SandboxPool(async (major) => (started.push(major), fakeSandbox(major, closed)));
    const [a, b, c] = await Promise.all([pool.get(16), pool.get(16), pool.get(15)]);
    expect(a).toBe(b);
    expect(c!.majorVersion).toBe(15);
    expect(started).toEqual([16, 15]);
    await pool.close();
    expect(closed.sort()).toEqual([15, 16]);
  });

  test('a failed start is forgotten, so the next review tries again', async () => {
    let attempts = 0;
    const pool = new SandboxPool(async (major) => {
      if (++attempts === 1) throw new Error('port in use');
      return fakeSandbox(major, []);
    });
    await expect(pool.get(16)).rejects.toThrow('port in use');
    await expect(pool.get(16)).resolves.toMatchObject({ majorVersion: 16 });
  });

  test('a discarded cluster is closed and replaced on the next get', async () => {
    const closed: number[] = [];
    let starts = 0;
    const pool = new SandboxPool(async (major) => (starts++, fakeSandbox(major, closed)));
    await pool.get(16);
    await pool.discard(16);
    await pool.get(16);
    expect(closed).toEqual([16]);
    expect(starts).toBe(2);
  });

  test.each([
    ['connect ECONNREFUSED 127.0.0.1:5999', true],
    ['Connection terminated unexpectedly', true],
    ['applying statement 3 of base.sql: relation "x" does not exist', false],
  ])('%s → cluster gone: %s', (message, gone) => {
    expect(isClusterGone(message)).toBe(gone);
  });
});
