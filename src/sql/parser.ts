import { loadModule, parseSync, scanSync } from 'libpg-query';

// libpg-query is the Postgres parser compiled to WebAssembly; it must be loaded once before
// the synchronous calls work. Top-level await keeps every caller synchronous afterwards.
await loadModule();

export { parseSync, scanSync };
