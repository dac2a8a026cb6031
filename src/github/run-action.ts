import { readFile, writeFile } from 'node:fs/promises';
import { Probot } from 'probot';
import { buildSarif } from '../report/build-sarif.js';
import type { AppDependencies } from './app-dependencies.js';
import { createApp } from './create-app.js';

/**
 * The App as a GitHub Action step: the same handlers, fed the workflow's event, authenticated
 * with the workflow's GITHUB_TOKEN (no App to host). Comments are then written by
 * github-actions[bot]. With the `sarif-file` input (INPUT_SARIF_FILE) the published review is
 * also written there as SARIF 2.1.0, for github/codeql-action/upload-sarif. Returns the exit code.
 */
export async function runAction(deps: AppDependencies, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const token = env.INPUT_GITHUB_TOKEN || env.GITHUB_TOKEN;
  const eventName = env.GITHUB_EVENT_NAME;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!token || !eventName || !eventPath) {
    console.error('pg-dba-review: GITHUB_TOKEN (or the github-token input), GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are required');
    return 2;
  }
  const payload = JSON.parse(await readFile(eventPath, 'utf8')) as { action?: string };
  const probot = new Probot({ githubToken: token, logLevel: (env.LOG_LEVEL as 'info' | undefined) ?? 'info', ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
  const sarifFile = env.INPUT_SARIF_FILE;
  const onPublished = sarifFile ? async (review: Parameters<NonNullable<AppDependencies['onPublished']>>[0]) => writeFile(sarifFile, `${JSON.stringify(buildSarif(review), null, 2)}\n`) : deps.onPublished;
  await probot.load(createApp({ ...deps, botLogin: deps.botLogin ?? 'github-actions[bot]', ...(onPublished ? { onPublished } : {}) }));
  try {
    await probot.receive({ id: env.GITHUB_RUN_ID ?? 'action', name: eventName, payload } as never);
    await deps.queue.idle();
    return 0;
  } catch (error) {
    console.error(`pg-dba-review: ${(error as Error).message}`);
    return 2;
  }
}
