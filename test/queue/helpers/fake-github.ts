import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny GitHub on 127.0.0.1 for tests that cross processes (nock stays in its own process):
 * the REST routes a review uses, with state per pull request, every call recorded, and faults
 * injected on demand. Paths are those of GitHub Enterprise (`/api/v3/...`, GHE_HOST) or of
 * github.com, both accepted.
 */
export interface FakePull {
  head: string;
  base: string;
  /** Changed files at head: path → SQL. */
  files: Record<string, string>;
  /** Files at base: path → SQL (the applied history). */
  baseFiles?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  path: string;
  body: any;
  status: number;
}

export interface FakeGitHub {
  url: string;
  /** `host:port`, for GHE_HOST. */
  host: string;
  calls: RecordedCall[];
  pulls: Map<number, FakePull>;
  config: string | null;
  comments: Array<{ id: number; issue: number; body: string; user: { login: string; type: string } }>;
  checkRuns: Map<number, { headSha: string; updates: any[] }>;
  /** The next `times` requests matching method and path answer `status` (with `headers`). */
  fail(method: string, path: RegExp, status: number, times: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export const BOT_SLUG = 'pg-dba-review';
export const OWNER = 'acme';
export const REPO_NAME = 'shop';

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const calls: RecordedCall[] = [];
  const pulls = new Map<number, FakePull>();
  const comments: FakeGitHub['comments'] = [];
  const checkRuns: FakeGitHub['checkRuns'] = new Map();
  const faults: Array<{ method: string; path: RegExp; status: number; times: number; headers: Record<string, string> }> = [];
  let nextId = 1000;
  const fake = {} as FakeGitHub;

  const route = (method: string, path: string, query: URLSearchParams, body: any): [number, unknown, Record<string, string>?] => {
    const repoPath = `/repos/${OWNER}/${REPO_NAME}`;
    let m: RegExpExecArray | null;
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) return [201, { token: 'ghs_fake', expires_at: '2099-01-01T00:00:00Z', permissions: {} }];
    if (method === 'GET' && path === '/app') return [200, { id: 123, slug: BOT_SLUG, name: 'pg-dba-review' }];
    if (method === 'POST' && path === `${repoPath}/check-runs`) {
      const id = nextId++;
      checkRuns.set(id, { headSha: body.head_sha, updates: [] });
      return [201, { id, head_sha: body.head_sha, status: body.status }];
    }
    if (method === 'PATCH' && (m = new RegExp(`^${repoPath}/check-runs/(\\d+)$`).exec(path))) {
      const run = checkRuns.get(Number(m[1]));
      if (!run) return [404, { message: 'Not Found' }];
      run.updates.push(body);
      return [200, { id: Number(m[1]) }];
    }
    if (method === 'GET' && path === `${repoPath}/contents/.github/pg-dba-review.yml`) {
      return fake.config === null ? [404, { message: 'Not Found' }] : [200, fake.config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }];
    }
    if (method === 'GET' && path.startsWith(`/repos/${OWNER}/.github/`)) return [404, { message: 'Not Found' }];
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/pulls/(\\d+)/files$`).exec(path))) {
      const pull = pulls.get(Number(m[1]));
      if (!pull) return [404, { message: 'Not Found' }];
      return [200, Object.keys(pull.files).map((filename) => ({ filename, status: 'added' }))];
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/pulls/(\\d+)$`).exec(path))) {
      const pull = pulls.get(Number(m[1]));
      return pull ? [200, { number: Number(m[1]), head: { sha: pull.head }, base: { sha: pull.base } }] : [404, { message: 'Not Found' }];
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/git/trees/([0-9a-f]+)$`).exec(path))) {
      const pull = [...pulls.values()].find((p) => p.base === m![1]);
      const tree = Object.keys(pull?.baseFiles ?? {}).map((p) => ({ path: p, type: 'blob', sha: `blob:${p}` }));
      return [200, { sha: m[1], truncated: false, tree }];
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/git/blobs/blob:(.+)$`).exec(path))) {
      for (const pull of pulls.values()) {
        const text = pull.baseFiles?.[m[1]!];
        if (text !== undefined) return [200, { sha: `blob:${m[1]}`, encoding: 'base64', content: Buffer.from(text).toString('base64') }];
      }
      return [404, { message: 'Not Found' }];
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/contents/(.+)$`).exec(path))) {
      const ref = query.get('ref');
      const pull = [...pulls.values()].find((p) => p.head === ref && p.files[m![1]!] !== undefined);
      return pull ? [200, pull.files[m[1]!], { 'content-type': 'application/vnd.github.raw; charset=utf-8' }] : [404, { message: 'Not Found' }];
    }
    if (method === 'GET' && (m = new RegExp(`^${repoPath}/issues/(\\d+)/comments$`).exec(path))) {
      return [200, comments.filter((c) => c.issue === Number(m![1]))];
    }
    if (method === 'POST' && (m = new RegExp(`^${repoPath}/issues/(\\d+)/comments$`).exec(path))) {
      const comment = { id: nextId++, issue: Number(m[1]), body: body.body as string, user: { login: `${BOT_SLUG}[bot]`, type: 'Bot' } };
      comments.push(comment);
      return [201, comment];
    }
    if (method === 'PATCH' && (m = new RegExp(`^${repoPath}/issues/comments/(\\d+)$`).exec(path))) {
      const comment = comments.find((c) => c.id === Number(m![1]));
      if (!comment) return [404, { message: 'Not Found' }];
      comment.body = body.body;
      return [200, comment];
    }
    return [404, { message: `fake GitHub has no route for ${method} ${path}` }];
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ''));
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      const fault = faults.find((f) => f.times > 0 && f.method === method && f.path.test(path));
      let status: number;
      let payload: unknown;
      let headers: Record<string, string> | undefined;
      if (fault) {
        fault.times--;
        [status, payload, headers] = [fault.status, { message: `injected ${fault.status}` }, fault.headers];
      } else {
        [status, payload, headers] = route(method, path, url.searchParams, body);
      }
      calls.push({ method, path, body, status });
      const raw = typeof payload === 'string';
      res.writeHead(status, { 'content-type': raw ? 'text/plain' : 'application/json', ...headers });
      res.end(raw ? payload : JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    calls,
    pulls,
    config: null,
    comments,
    checkRuns,
    fail: (method: string, path: RegExp, status: number, times: number, headers: Record<string, string> = {}) => faults.push({ method, path, status, times, headers }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return fake;
}
