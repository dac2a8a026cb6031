import { redactKnownSecrets } from '../sql/redact-secrets.js';

/**
 * Every string of a value (a Review, or any part of one) with its secrets masked: the
 * patterns of redactSecrets, and the given secret values wherever they show up (Postgres
 * echoing a literal in an error message). Keys are kept. Pure; what is rendered from the
 * result (comment, check summary and annotations, JSON, SARIF, logs) inherits it.
 */
export function redactReview<T>(value: T, secrets: readonly string[] = []): T {
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactKnownSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, secrets)]));
  }
  return value;
}
