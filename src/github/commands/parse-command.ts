import { COMMAND_NAMES, COMMAND_USAGE, PREFIX, helpText, type CommandName } from './command-names.js';
import { closestName } from '../../shared/closest-name.js';

export type ParsedComment =
  | { kind: 'ignore' }
  | { kind: 'reply'; body: string }
  | { kind: 'command'; name: 'run' | 'help' }
  | { kind: 'command'; name: 'explain'; sql: string }
  | { kind: 'command'; name: 'ignore'; rule: string; reason: string };

/**
 * Pure: a comment body → a command to run, a reply to give (usage, help, did-you-mean), or
 * nothing. Only a comment whose first non-blank line starts with `/pg-review` is for us.
 * `explain` takes the rest of the comment as SQL (code fences allowed); others read one line.
 */
export function parseCommand(body: string): ParsedComment {
  const text = body.replace(/\r\n/g, '\n').trim();
  const firstLine = text.split('\n', 1)[0]!.trim().replace(/^`+|`+$/g, '');
  const words = firstLine.split(/\s+/);
  if (words[0]?.toLowerCase() !== PREFIX) return { kind: 'ignore' };
  const word = (words[1] ?? '').toLowerCase();

  if (word === '' || word === 'run') return { kind: 'command', name: 'run' };
  if (word === 'help' || word === '-h' || word === '--help') return { kind: 'command', name: 'help' };
  if (word === 'explain') {
    const afterWord = text.slice(text.toLowerCase().indexOf('explain') + 'explain'.length);
    const sql = stripFences(afterWord).trim().replace(/;\s*$/, '');
    if (sql === '') return usage('explain', 'Give the query to EXPLAIN after the command.');
    return { kind: 'command', name: 'explain', sql };
  }
  if (word === 'ignore') {
    const [rule, ...reason] = words.slice(2);
    const rest = [reason.join(' '), ...text.split('\n').slice(1)].join(' ').trim();
    if (!rule) return usage('ignore', 'Name the rule to acknowledge and say why.');
    if (rest === '') return usage('ignore', `Say why \`${rule}\` is acceptable here: the reason is recorded in the review.`);
    return { kind: 'command', name: 'ignore', rule: rule.toLowerCase(), reason: rest };
  }
  const guess = didYouMean(word);
  return { kind: 'reply', body: helpText(`Unknown command \`${word}\`.${guess ? ` Did you mean \`${PREFIX} ${guess}\`?` : ''}`) };
}

function usage(name: CommandName, problem: string): ParsedComment {
  return { kind: 'reply', body: `${problem} Usage: \`${COMMAND_USAGE[name].usage}\`` };
}

function stripFences(text: string): string {
  return text.replace(/^\s*```[a-z]*\s*\n?/i, '').replace(/\n?```\s*$/, '');
}

/** The closest command within two edits, for typos like "explian". */
function didYouMean(word: string): CommandName | undefined {
  return closestName(word, COMMAND_NAMES, 2);
}
