/** The comment commands, each one lowercase word after `/pg-review`. */
export const COMMAND_NAMES = ['run', 'explain', 'ignore', 'help'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const PREFIX = '/pg-review';

export const COMMAND_USAGE: Record<CommandName, { usage: string; summary: string }> = {
  run: { usage: '/pg-review run', summary: 'run the review again on the current head (`/pg-review` alone does the same)' },
  explain: { usage: '/pg-review explain <SQL>', summary: "EXPLAIN a query on the database with this pull request's migrations applied, and before them" },
  ignore: { usage: '/pg-review ignore <rule> <reason>', summary: 'acknowledge a finding for this pull request, with the reason (needs write permission)' },
  help: { usage: '/pg-review help', summary: 'show this help' },
};

export function helpText(intro?: string): string {
  const lines = (Object.keys(COMMAND_USAGE) as CommandName[]).map((name) => `- \`${COMMAND_USAGE[name].usage}\`: ${COMMAND_USAGE[name].summary}`);
  return `${intro ? `${intro}\n\n` : ''}**PostgreSQL DBA Review commands**\n\n${lines.join('\n')}`;
}
