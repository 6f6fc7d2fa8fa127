/**
 * Pure parser for `/spark <subcommand> [instruction]` comments. Only a command at the start
 * of the first non-empty line counts, so quoting `/spark fix` in prose, in a reply quote
 * (which GitHub prefixes with `>`), in a fenced block or in an indented code block (four
 * spaces or a tab) never triggers the bot.
 */
export type CommandName = 'fix' | 'fix-ci' | 'suggest' | 'review' | 'ask' | 'describe' | 'help' | 'cancel';

export interface Command {
  name: CommandName;
  /** Free text after the subcommand (may span lines); '' when none. */
  instruction: string;
  /** Set when the user typed a subcommand we do not know: we answer with help. */
  unknown?: string;
}

const KNOWN: ReadonlySet<string> = new Set(['fix', 'fix-ci', 'suggest', 'review', 'ask', 'describe', 'help', 'cancel']);
const PREFIX = /^\/spark(?=\s|$)/i;

export function parseCommand(body: string | null | undefined): Command | null {
  if (!body) return null;
  // Blank lines before the command are tolerated; indentation is not: four spaces or a tab
  // make the line a Markdown code block (someone showing the command, not giving it).
  const first = /^(?:[ \t]*\n)*([ \t]*)/.exec(body.replace(/\r\n?/g, '\n'));
  const indent = first?.[1] ?? '';
  if (indent.includes('\t') || indent.length >= 4) return null;
  const text = body.replace(/\r\n?/g, '\n').trimStart();
  const match = PREFIX.exec(text);
  if (!match) return null;
  const rest = text.slice(match[0].length);
  const sub = /^[ \t]*([A-Za-z-]*)/.exec(rest);
  const word = (sub?.[1] ?? '').toLowerCase();
  const instruction = rest.slice(sub?.[0].length ?? 0).trim();
  if (word === '') return { name: 'help', instruction: '' };
  if (!KNOWN.has(word)) return { name: 'help', instruction: '', unknown: word };
  return { name: word as CommandName, instruction };
}

/** The `/spark help` answer; `configPath`: the settings file this deployment reads. */
export function helpText(configPath: string): string {
  return [
    '**Spark Patch** commands (write access required):',
    '',
    '| command | what it does |',
    '| --- | --- |',
    '| `/spark fix <instruction>` | pushes a minimal commit to this PR branch (or, on an issue, opens a draft PR) |',
    '| `/spark fix-ci [focus]` | reads the failing checks of this PR, pushes a fix, waits for the checks on it and tries again until they pass (`ci.max_rounds`) |',
    '| `/spark suggest <instruction>` | posts a review whose suggestions you can commit in one click |',
    '| `/spark review` | reviews the PR and suggests improvements |',
    '| `/spark ask <question>` | answers from the code, citing lines as permalinks at the PR head; changes nothing |',
    '| `/spark describe` | writes what changed and why, per-file notes, risks and testing into a marked section of the PR description (your own text is kept) |',
    '| `/spark cancel` | cancels the running job on this PR |',
    '| `/spark help` | shows this message |',
    '',
    `In a review thread, \`fix\`, \`suggest\` and \`ask\` are scoped to the commented lines. Configure the bot in \`${configPath}\`.`,
    'A `fix` after a fix continues it (e.g. `/spark fix also handle null`): in the same review thread at any age, elsewhere on the PR within `conversation.hours`.',
    'A review also runs when someone with write access adds the `review.label` label, when a review is requested from the `review.on_request_from` team or user, and on every push with `auto_review.enabled`.',
  ].join('\n');
}
