import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { buildCommentModel, type ModelLimits } from './build-comment-model.js';
import { fenceSql } from './helpers/fence-sql.js';
import type { Review } from './review.js';

/** GitHub rejects comments over 65,536 characters; keep a margin for the marker and edits. */
export const COMMENT_LIMIT = 65_000;

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** One Handlebars environment: strict (a renamed field fails a test), no HTML escaping (Markdown). */
function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper('fenceSql', fenceSql);
  const partialsDir = path.join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partialsDir)) {
    env.registerPartial(file.replace(/\.md\.hbs$/, ''), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  return env;
}

let compiled: Handlebars.TemplateDelegate | undefined;

function commentTemplate(): Handlebars.TemplateDelegate {
  compiled ??= createEnvironment().compile(readFileSync(path.join(TEMPLATES_DIR, 'review-comment.md.hbs'), 'utf8'), {
    noEscape: true,
    strict: true,
  });
  return compiled;
}

/**
 * The review comment in Markdown. Evidence is dropped step by step until it fits GitHub's
 * limit; the verdict and findings are never cut.
 */
export function renderComment(review: Review): string {
  const attempts: ModelLimits[] = [
    { omitSql: false, maxLockRows: 200, maxListItems: 100 },
    { omitSql: true, maxLockRows: 200, maxListItems: 100 },
    { omitSql: true, maxLockRows: 30, maxListItems: 15 },
    { omitSql: true, maxLockRows: 0, maxListItems: 5 },
    { omitSql: true, maxLockRows: 0, maxListItems: 5, maxFindings: 25 },
  ];
  let text = '';
  for (const limits of attempts) {
    text = commentTemplate()(buildCommentModel(review, limits)).replace(/\n{3,}/g, '\n\n');
    if (text.length <= COMMENT_LIMIT) return text;
  }
  return `${text.slice(0, COMMENT_LIMIT - 80)}\n\n_(cut to fit GitHub's comment size limit)_\n`;
}
