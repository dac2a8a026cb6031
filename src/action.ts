import { productionDependencies } from './github/app-dependencies.js';
import { runAction } from './github/run-action.js';

/** GitHub Action entry (action.yml): the App's review of the workflow's event, then exit. */
const deps = productionDependencies();
process.exitCode = await runAction(deps);
await deps.close?.();
