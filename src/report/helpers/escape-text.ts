/**
 * Plain text (a Postgres error message, a file name) placed in Markdown prose or a table cell:
 * characters that would start formatting, HTML or a table column are escaped. Underscores
 * are left alone: GitHub does not emphasise inside words, and identifiers are full of them.
 */
export function escapeText(value: unknown): string {
  return String(value ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([\\`*{}[\]<>|#~])/g, '\\$1')
    .replace(/@(?=\w)/g, '@\u200b');
}
