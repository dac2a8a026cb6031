import type pg from 'pg';
import type { Branch } from '../../src/review/ports.js';

/** The branch, with every query result of its sessions shown to `observe` (text first): for count-based tests. */
export function observingBranch(branch: Branch, observe: (text: unknown, result: pg.QueryResult) => void): Branch {
  return {
    ...branch,
    connect: async (purpose) => {
      const client = await branch.connect(purpose);
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
      (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
        const result = await query(...args);
        observe(args[0], result);
        return result;
      };
      return client;
    },
  };
}
