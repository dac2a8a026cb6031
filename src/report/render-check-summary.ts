import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { CheckSummaryModel } from './check-output.js';

/** GitHub's limit for a check run's summary. */
export const CHECK_SUMMARY_LIMIT = 65_535;

const TEMPLATE = fileURLToPath(new URL('../../templates/check-summary.md.hbs', import.meta.url));
let compiled: Handlebars.TemplateDelegate | undefined;

/** The check run summary in Markdown: strict (a renamed field fails a test), no HTML escaping. */
export function renderCheckSummary(model: CheckSummaryModel): string {
  compiled ??= Handlebars.create().compile(readFileSync(TEMPLATE, 'utf8'), { noEscape: true, strict: true });
  const text = compiled(model).replace(/\n{3,}/g, '\n\n').trim();
  return text.length <= CHECK_SUMMARY_LIMIT ? text : `${text.slice(0, CHECK_SUMMARY_LIMIT - 60)}\n\n_(cut to fit GitHub's limit)_`;
}
