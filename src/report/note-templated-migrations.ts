import type { MigrationFile } from '../migrations/migration-file.js';
import type { Review } from './review.js';

/** Go, Jinja, Handlebars, ERB and Mustache placeholders. */
const TEMPLATE_MARK = /\{\{.*?\}\}|\{%.*?%\}|<%.*?%>/;

/**
 * A migration that does not parse because it is a template gets a fix saying how to review it:
 * the App sees files as committed and cannot render them. Pure.
 */
export function noteTemplatedMigrations(review: Review, files: MigrationFile[]): Review {
  const templated = new Map<string, number>();
  for (const file of files) {
    const line = file.content.split('\n').findIndex((text) => TEMPLATE_MARK.test(text));
    if (line >= 0) templated.set(file.path, line + 1);
  }
  if (templated.size === 0) return review;
  return {
    ...review,
    findings: review.findings.map((f) =>
      f.rule === 'syntax-error' && templated.has(f.file)
        ? {
            ...f,
            fix: `This file is a template (placeholder on line ${templated.get(f.file)}), and the App reviews files as committed. Render it in CI and review the output with the CLI (\`npx pg-dba-review check --setup base.sql rendered.sql\`, or the Action after a render step), or leave it out with \`migrations.exclude\` in .github/pg-dba-review.yml.`,
          }
        : f,
    ),
  };
}
