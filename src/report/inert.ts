/**
 * Inert printing of model-derived or user-derived text in GitHub Markdown: whatever the text
 * says, the comment shows it as text. Nothing notifies (`@team`), links (`#12`, `[x](url)`),
 * loads (`![](url)`, `<img>`) or renders as HTML.
 */

// Zero-width space: GitHub no longer sees a mention or reference, the reader sees the same text.
const ZWSP = '\u200b';
// Control and format characters (bidi overrides, zero-width joiners): never printed.
const INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}]/gu;

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * One line of text as a Markdown code span: the fence is one backtick longer than the longest
 * run inside, so no content can close it. Line breaks become spaces (a blank line would end
 * the span); `max` characters at most.
 */
export function inertCode(text: string, max = 200): string {
  let body = text.replace(INVISIBLE, '').replace(/\s*[\r\n]+\s*/g, ' ');
  if (body.length > max) body = `${body.slice(0, max)}…`;
  if (body === '') return '`(empty)`';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  // CommonMark strips one space on each side when both are present: pad when the body touches a backtick.
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Several lines as a fenced code block whose fence no line inside can match. */
export function inertBlock(text: string, max = 4_000): string {
  let body = text.replace(INVISIBLE, '').replace(/\r\n?/g, '\n');
  if (body.length > max) body = `${body.slice(0, max)}\n…`;
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}text\n${body.replace(/\n$/, '')}\n${fence}`;
}

/** Outside code: what could notify, link, load or render HTML is escaped or defused. */
function inertProse(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([[\]\\])/g, '\\$1')
    .replace(/!(?=\\\[)/g, '\\!')
    .replace(/\b(?:https?|ftp|mailto|javascript|data|file):[^\s`]*/gi, (url) => inertCode(url, 500))
    .replace(/\bwww\.[^\s`]+/gi, (url) => inertCode(url, 500))
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWSP}`);
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Prose (review text, explanations) kept readable but inert: code spans and fenced blocks are
 * kept (GitHub renders nothing inside them; an unclosed fence is closed so it cannot swallow
 * what follows); elsewhere mentions and references are defused, HTML and entities escaped,
 * images and links shown as their source text, bare URLs put in code spans.
 */
export function inertText(text: string): string {
  const lines = text.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    if (fence !== undefined) {
      out.push(line);
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      continue;
    }
    out.push(inertLine(line));
  }
  if (fence !== undefined) out.push(fence);
  return out.join('\n');
}

/** One line outside fences: balanced code spans kept, the rest made inert. */
function inertLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick === -1) break;
    let run = tick;
    while (line[run] === '`') run++;
    const fence = line.slice(tick, run);
    const close = findRun(line, fence, run);
    if (close === -1) {
      out += inertProse(line.slice(i, run)).replace(/`/g, '\\`');
      i = run;
      continue;
    }
    out += inertProse(line.slice(i, tick)) + line.slice(tick, close + fence.length);
    i = close + fence.length;
  }
  return out + inertProse(line.slice(i));
}

/** Index of the next run of exactly `fence` backticks at or after `from`, or -1. */
function findRun(line: string, fence: string, from: number): number {
  let at = line.indexOf(fence, from);
  while (at !== -1) {
    let end = at + fence.length;
    if (line[at - 1] !== '`' && line[end] !== '`') return at;
    while (line[end] === '`') end++;
    at = line.indexOf(fence, end);
  }
  return -1;
}
