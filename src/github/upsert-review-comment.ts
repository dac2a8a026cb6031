import type { BotComment } from '../review/ports.js';

export interface CommentWriter {
  create(body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/**
 * One comment per pull request: the bot's own comment carrying the marker is edited in place,
 * left alone when the text is the same, and created only when asked to.
 */
export async function upsertReviewComment(
  botComments: BotComment[],
  body: string,
  marker: string,
  writer: CommentWriter,
  options: { createIfMissing: boolean },
): Promise<'created' | 'updated' | 'unchanged' | 'skipped'> {
  const existing = botComments.find((c) => c.body.includes(marker));
  if (existing) {
    if (existing.body === body) return 'unchanged';
    await writer.update(existing.id, body);
    return 'updated';
  }
  if (!options.createIfMissing) return 'skipped';
  await writer.create(body);
  return 'created';
}
