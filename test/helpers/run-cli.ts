import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';

/** Runs the CLI in-process and collects what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  out.on('data', (c: Buffer) => (chunks.stdout += c.toString()));
  err.on('data', (c: Buffer) => (chunks.stderr += c.toString()));
  const code = await main(args, out, err);
  return { code, ...chunks };
}
