import { createApp } from './github/create-app.js';

/** Probot entry (`probot run dist/index.js`): registers the handlers, nothing else. */
export default createApp();
