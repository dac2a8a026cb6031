import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway git repository on `main`, for the CLI's `review` command. */
export function createGitRepo(): { dir: string; git: (...args: string[]) => string; write: (file: string, content: string | Buffer) => void; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgdr-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' }).toString();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  return {
    dir,
    git,
    write: (file, content) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
