/**
 * A local fake of the GitHub REST calls the App makes for a pull-request review, on 127.0.0.1:
 * installation token, check runs, config (absent), changed files, base tree, blobs, file
 * contents, comments and the pull request itself. Repositories are registered per pull request
 * (base history + new migrations); completed check runs are recorded with their time.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePullRequest {
  number: number;
  baseSha: string;
  headSha: string;
  /** Deployed history at base: path → SQL. */
  base: Array<{ path: string; content: string }>;
  /** Added by the pull request: path → SQL. */
  added: Array<{ path: string; content: string }>;
}

export interface CompletedCheck {
  id: number;
  conclusion: string;
  /** performance.now() of the last update of the check run. */
  at: number;
}

export interface FakeGitHub {
  url: string;
  add(pr: FakePullRequest): void;
  /** Check runs created, by id → pull request number. */
  checksOf(pullNumber: number): CompletedCheck[];
  requests: number;
  /** Unexpected calls (404 from the fake): should stay empty. */
  unknown: string[];
  close(): Promise<void>;
}

const REPO = '/repos/acme/shop';

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const pulls = new Map<number, FakePullRequest>();
  const trees = new Map<string, Array<{ path: string; type: 'blob'; sha: string }>>();
  const blobs = new Map<string, string>();
  const checkPull = new Map<number, number>();
  const checks = new Map<number, CompletedCheck>();
  const unknown: string[] = [];
  let nextId = 1000;
  let requests = 0;

  const server = http.createServer((req, res) => {
    requests++;
    if (process.env.BENCH_DEBUG) console.error('fake github:', req.method, req.url);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const raw = (text: string) => res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }).end(text);
      const method = req.method ?? 'GET';
      let m: RegExpExecArray | null;
      if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
        return json(201, { token: 'ghs_bench', expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', pull_requests: 'write', contents: 'read' } });
      }
      if (method === 'POST' && path === `${REPO}/check-runs`) {
        const parsed = JSON.parse(body) as { head_sha: string };
        const pr = [...pulls.values()].find((p) => p.headSha === parsed.head_sha);
        const id = ++nextId;
        if (pr) checkPull.set(id, pr.number);
        return json(201, { id });
      }
      if (method === 'PATCH' && (m = new RegExp(`^${REPO}/check-runs/(\\d+)$`).exec(path))) {
        const id = Number(m[1]);
        const parsed = JSON.parse(body) as { conclusion?: string };
        const previous = checks.get(id);
        checks.set(id, { id, conclusion: parsed.conclusion ?? previous?.conclusion ?? '', at: performance.now() });
        return json(200, { id });
      }
      if (method === 'GET' && /\/contents\/\.github\/pg-dba-review\.yml$/.test(path)) return json(404, { message: 'Not Found' });
      if (method === 'GET' && (m = new RegExp(`^${REPO}/pulls/(\\d+)/files$`).exec(path))) {
        const pr = pulls.get(Number(m[1]));
        return pr ? json(200, pr.added.map((f) => ({ filename: f.path, status: 'added' }))) : json(404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = new RegExp(`^${REPO}/pulls/(\\d+)$`).exec(path))) {
        const pr = pulls.get(Number(m[1]));
        return pr ? json(200, { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } }) : json(404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = new RegExp(`^${REPO}/git/trees/([0-9a-f]+)$`).exec(path))) {
        const tree = trees.get(m[1]!);
        return tree ? json(200, { sha: m[1], truncated: false, tree }) : json(404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = new RegExp(`^${REPO}/git/blobs/([0-9a-f]+)$`).exec(path))) {
        const content = blobs.get(m[1]!);
        return content !== undefined ? json(200, { sha: m[1], encoding: 'base64', content: Buffer.from(content).toString('base64') }) : json(404, { message: 'Not Found' });
      }
      if (method === 'GET' && (m = new RegExp(`^${REPO}/contents/(.+)$`).exec(path))) {
        const ref = url.searchParams.get('ref');
        const pr = [...pulls.values()].find((p) => p.headSha === ref);
        const file = pr?.added.find((f) => f.path === m![1]) ?? pr?.base.find((f) => f.path === m![1]);
        return file ? raw(file.content) : json(404, { message: 'Not Found' });
      }
      if (method === 'GET' && new RegExp(`^${REPO}/issues/\\d+/comments$`).test(path)) return json(200, []);
      if (method === 'POST' && (m = new RegExp(`^${REPO}/issues/(\\d+)/comments$`).exec(path))) return json(201, { id: ++nextId });
      if (method === 'PATCH' && new RegExp(`^${REPO}/issues/comments/\\d+$`).test(path)) return json(200, {});
      unknown.push(`${method} ${path}`);
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add(pr) {
      pulls.set(pr.number, pr);
      if (!trees.has(pr.baseSha)) {
        trees.set(
          pr.baseSha,
          pr.base.map((f) => {
            const sha = gitBlobSha(f.content);
            blobs.set(sha, f.content);
            return { path: f.path, type: 'blob' as const, sha };
          }),
        );
      }
    },
    checksOf: (pullNumber) => [...checks.values()].filter((c) => checkPull.get(c.id) === pullNumber),
    get requests() {
      return requests;
    },
    unknown,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
