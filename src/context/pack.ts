/**
 * `packContext`: ranks what the fetch added to a context plan (plan.ts) and packs the prompt
 * within the token budget, exactly, in one pass. Layout (stable prefix
 * first so the provider's prompt cache hits across commands on the same head):
 *   instructions = system instructions (byte-identical across calls)
 *   input = repository files → PR/issue description → diff → commented lines → left out → earlier turn → instruction
 * Budget priority differs from layout: instruction > earlier turn > commented lines > diff > description > files.
 */
import type { DiffFile } from './diff.js';
import { ContextBudgetError } from './errors.js';
import { compareStrings } from './paths.js';
import { planContext, type ContextPlan } from './plan.js';
import { rank, sortedPaths, type Candidate, type Ranking } from './rank.js';
import { CONFIG_PATH, stripHidden } from '../guard/index.js';
import { redactSecrets } from './redact.js';
import { REPO_HEADER, renderDescription, renderDiff, renderEarlierTurn, renderFile, renderFocus, renderInstruction, renderLeftOut } from './render.js';
import { classifyPath, looksBinary, looksMinified } from './safety.js';
import { countTokens, countTokensWithin } from './tokens.js';
import type { ContextBudget, ContextRequest, IncludedFile, LeftOutFile, PackedContext } from './types.js';
import { fitPrefix, fitWindows, splitLines, type LineRange } from './windows.js';

export interface PackOptions {
  /** Tokens kept for the API's message framing (role markers etc.); default 32. */
  framingTokens?: number;
  /** Most of the input budget the diff may take; default 0.4. */
  diffShare?: number;
  /** Most of the input budget the PR/issue description may take; default 0.05. */
  descriptionShare?: number;
  /** Most of the input budget the earlier turn of a follow-up may take; default 0.15. */
  earlierTurnShare?: number;
  /** Tokens kept for the "Left out" list; default min(600, 2% of the input budget). */
  leftOutReserve?: number;
  /** Lockfiles are only ever excerpted: at most this many tokens; default 300. */
  lockfileExcerptTokens?: number;
  /** Files below this many remaining tokens are not attempted; default 48. */
  minPartTokens?: number;
}

const DEFAULT_MAX_FILE_BYTES = 256 * 1024;
const LEFT_OUT_LIST_MAX = 60;

interface Part {
  text: string;
  tokens: number;
}

/** What the pack step adds to the plan: the contents to send and the prompt's fixed parts. */
export interface PackInput {
  /** Every file that may be sent: the files in hand plus what the fetch returned. */
  files: ReadonlyMap<string, string>;
  /** Stable system instructions (edit-format rules). */
  systemInstructions: string;
  budget: ContextBudget;
  /** The instruction as the model reads it (e.g. the review template), when it differs from the words the plan ranked on. */
  instruction?: string;
  /** Files larger than this are never sent whole (default 256 KiB). */
  maxFileBytes?: number;
  /** A follow-up: the Spark fix it continues (its instruction and Spark's commit, from GitHub). */
  earlierTurn?: { instruction: string; commit: string; diff: string };
}

/** BM25 hits the pack step ranks as 'retrieved' (others fetched still go in, after them). */
const PACK_RETRIEVAL_LIMIT = 40;

/**
 * The plan's ranking with the contents the fetch added: each new content is read once (its
 * imports, whether it imports an origin, its identifiers), the plan's facts are reused, and the
 * result equals one ranking with every content in hand. Nothing new: the plan's own ranking.
 */
function rankForPack(plan: ContextPlan, files: ReadonlyMap<string, string>): Ranking {
  const paths = new Set(plan.inHand);
  for (const path of files.keys()) paths.add(path);
  if (paths.size === plan.inHand.size && plan.retrievalLimit === PACK_RETRIEVAL_LIMIT) {
    return { candidates: [...plan.candidates], diffFiles: plan.basis.diffFiles };
  }
  const content = (path: string): string | undefined => files.get(path) ?? plan.input.files.get(path);
  return rank(plan.basis, sortedPaths(paths, plan.basis), content, PACK_RETRIEVAL_LIMIT, plan.evidence).ranking;
}

/** Plan and pack in one call, for a caller with every file in hand. */
export function buildContext(request: ContextRequest, options: PackOptions = {}): PackedContext {
  return packContext(planContext(request), request, options);
}

export function packContext(plan: ContextPlan, packInput: PackInput, options: PackOptions = {}): PackedContext {
  const request: ContextRequest = {
    ...plan.input,
    instruction: packInput.instruction ?? plan.input.instruction,
    files: packInput.files,
    systemInstructions: packInput.systemInstructions,
    budget: packInput.budget,
    ...(packInput.maxFileBytes !== undefined ? { maxFileBytes: packInput.maxFileBytes } : {}),
  };
  const budget = request.budget.contextWindow;
  const reserved = request.budget.reservedOutput;
  const instructions = request.systemInstructions;
  const instructionTokens = countTokens(instructions);
  const framing = options.framingTokens ?? 32;
  let redactions = 0;
  const clean = (text: string): string => {
    const r = redactSecrets(text);
    redactions += r.redactions;
    return r.text;
  };
  // PR/issue text and the command comment: what a reviewer cannot see is dropped first (src/guard).
  const untrusted = (text: string): string => clean(stripHidden(text).text);

  const instructionPart = part(renderInstruction(untrusted(request.instruction)));
  const available = budget - reserved - instructionTokens - framing;
  if (available < instructionPart.tokens) {
    throw new ContextBudgetError(
      `context budget too small: window ${budget} − reserved output ${reserved} − system instructions ${instructionTokens} leaves ${Math.max(0, available)} tokens, the instruction alone needs ${instructionPart.tokens}. Raise context.window or lower context.reserve_output in ${request.budget.configFile ?? CONFIG_PATH}, or shorten the instruction.`,
    );
  }
  const leftOutReserve = Math.max(0, Math.min(options.leftOutReserve ?? Math.min(600, Math.floor(available * 0.02)), available - instructionPart.tokens));
  let remaining = available - instructionPart.tokens - leftOutReserve;
  const leftOut: LeftOutFile[] = [];
  const included: IncludedFile[] = [];
  const ranking = rankForPack(plan, packInput.files);

  // A follow-up's earlier turn, capped to its share (the commit is cut at a line boundary).
  let earlierPart: Part | undefined;
  const earlier = packInput.earlierTurn;
  if (earlier) {
    const words = untrusted(earlier.instruction);
    const diff = clean(earlier.diff);
    const cap = Math.min(remaining, Math.floor(available * (options.earlierTurnShare ?? 0.15)));
    earlierPart = fitText(renderEarlierTurn(words, earlier.commit, diff, false), cap, (cut) => renderEarlierTurn(words, earlier.commit, cut, true), diff);
    if (earlierPart) remaining -= earlierPart.tokens;
  }

  // Commented lines (review-thread case).
  let focusPart: Part | undefined;
  if (request.focus) {
    const f = request.focus;
    const content = request.files.get(f.path);
    const sensitive = classifyPath(f.path, request.ignore);
    const lines = content !== undefined && sensitive === 'ok' ? splitLines(content).slice(Math.max(0, f.startLine - 1), Math.max(f.startLine, f.endLine)).join('\n') : undefined;
    const candidate = part(renderFocus(f.path, f.startLine, f.endLine, lines === undefined ? undefined : clean(lines)));
    if (candidate.tokens <= remaining) {
      focusPart = candidate;
      remaining -= candidate.tokens;
    }
  }

  // Diff, filtered of sensitive sections, capped to its share.
  const diffPart = packDiff(ranking.diffFiles, request, Math.min(remaining, Math.floor(available * (options.diffShare ?? 0.4))), clean, leftOut);
  if (diffPart) remaining -= diffPart.tokens;

  let descriptionPart: Part | undefined;
  const title = request.title ?? '';
  const body = request.body ?? '';
  if ((title + body).trim() !== '') {
    const cap = Math.min(remaining, Math.floor(available * (options.descriptionShare ?? 0.05)));
    descriptionPart = fitText(renderDescription(request.mode, untrusted(title), untrusted(body)), cap, (cut) => renderDescription(request.mode, untrusted(title), `${untrusted(cut)}\n[… description truncated]`), body);
    if (descriptionPart) remaining -= descriptionPart.tokens;
  }

  // Repository files in rank order.
  const header = part(REPO_HEADER);
  const fileParts: string[] = [];
  let fileTokens = 0;
  const minPart = options.minPartTokens ?? 48;
  const maxBytes = request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const lockCap = options.lockfileExcerptTokens ?? 300;
  const hunksByPath = new Map(ranking.diffFiles.map((d) => [d.path, d.hunks]));
  const changedCount = ranking.candidates.filter((c) => c.reason === 'changed' || c.reason === 'focus').length;
  let filesBudget = remaining - header.tokens;
  const deferred: Array<{ candidate: Candidate; content: string }> = [];
  const ranked = withAvailableFiles(ranking.candidates, request.files);

  for (const candidate of ranked) {
    const { path } = candidate;
    const raw = request.files.get(path);
    if (raw === undefined) {
      leftOut.push({ path, reason: 'not fetched' });
      continue;
    }
    const kind = classifyPath(path, request.ignore);
    if (kind === 'secret' || kind === 'ignored') {
      leftOut.push({ path, reason: kind === 'secret' ? 'sensitive path (never sent)' : 'matches paths.ignore' });
      continue;
    }
    if (kind === 'binary' || looksBinary(raw)) {
      leftOut.push({ path, reason: 'binary' });
      continue;
    }
    if (filesBudget < minPart) {
      leftOut.push({ path, reason: 'token budget' });
      continue;
    }
    const isChanged = candidate.reason === 'changed' || candidate.reason === 'focus';
    const ranges: LineRange[] = [...(hunksByPath.get(path) ?? [])];
    if (request.focus?.path === path) ranges.push({ start: request.focus.startLine, end: request.focus.endLine });

    if (kind === 'lockfile') {
      const lines = splitLines(clean(raw));
      const fitted = fitWindows(path, lines, ranges, Math.min(lockCap, filesBudget));
      if (fitted) {
        add(candidate, fitted.text, fitted.tokens, false);
        leftOut.push({ path, reason: 'lockfile: excerpt only' });
      } else leftOut.push({ path, reason: 'lockfile' });
      continue;
    }
    if (looksMinified(path, raw)) {
      leftOut.push({ path, reason: 'minified or generated' });
      continue;
    }
    const tooBig = Buffer.byteLength(raw, 'utf8') > maxBytes;
    if (tooBig && !isChanged) {
      leftOut.push({ path, reason: `over the size cap (${maxBytes} bytes)` });
      continue;
    }
    // One changed file must not starve the others: cap each at half the file budget when several changed.
    const share = isChanged && changedCount > 1 ? Math.floor((remaining - header.tokens) / 2) : filesBudget;
    const limit = Math.min(filesBudget, share);
    // o200k averages ~4 bytes per token on code and almost never exceeds 12: a file that large
    // cannot fit, so skip encoding it (an early-stopping count would still cost `limit` tokens).
    if (!tooBig && raw.length / 12 <= limit) {
      const text = renderFile(path, 'whole file', clean(raw));
      const tokens = countTokensWithin(text, limit);
      if (tokens !== false) {
        add(candidate, text, tokens, true);
        continue;
      }
    }
    if (isChanged) {
      const fitted = fitWindows(path, splitLines(clean(raw)), ranges, limit);
      if (fitted) {
        add(candidate, fitted.text, fitted.tokens, false, fitted.windows);
        continue;
      }
      leftOut.push({ path, reason: 'token budget' });
      continue;
    }
    deferred.push({ candidate, content: raw });
  }

  // Fill what is left with the head of the best file that did not fit whole (cut at a line boundary).
  for (const { candidate, content } of deferred) {
    const fitted = filesBudget >= minPart ? fitHead(candidate.path, clean(content), filesBudget) : undefined;
    if (fitted) add(candidate, fitted.text, fitted.tokens, false, fitted.windows);
    else leftOut.push({ path: candidate.path, reason: 'token budget' });
  }

  function add(candidate: Candidate, text: string, tokens: number, whole: boolean, windows?: LineRange[]): void {
    fileParts.push(text);
    fileTokens += tokens;
    filesBudget -= tokens;
    const entry: IncludedFile = { path: candidate.path, tokens, whole, reason: candidate.reason };
    if (windows) entry.windows = windows.map((w) => ({ startLine: w.start, endLine: w.end }));
    included.push(entry);
  }

  // Left-out list within its reserve (plus whatever the files did not use).
  const leftOutPart = packLeftOut(leftOut, leftOutReserve + Math.max(0, filesBudget));

  const parts: Part[] = [];
  if (fileParts.length > 0) parts.push(header, { text: fileParts.join(''), tokens: fileTokens });
  if (descriptionPart) parts.push(descriptionPart);
  if (diffPart) parts.push(diffPart);
  if (focusPart) parts.push(focusPart);
  if (leftOutPart) parts.push(leftOutPart);
  if (earlierPart) parts.push(earlierPart);
  parts.push(instructionPart);
  const input = parts.map((p) => p.text).join('');
  const inputTokens = parts.reduce((sum, p) => sum + p.tokens, 0);
  const total = instructionTokens + inputTokens + reserved;
  const packed: PackedContext = {
    instructions,
    input,
    tokens: { instructions: instructionTokens, input: inputTokens, reservedOutput: reserved, total, budget },
    included,
    leftOut,
  };
  if (redactions > 0) packed.redactions = redactions;
  if (earlierPart) packed.chainInput = parts.filter((p) => p !== earlierPart).map((p) => p.text).join('');
  return packed;
}

function fitHead(path: string, content: string, limit: number): ReturnType<typeof fitPrefix> {
  const lines = splitLines(content);
  return fitPrefix(path, lines, limit, (n) => `lines 1-${n} of ${lines.length}`);
}

function part(text: string): Part {
  return { text, tokens: countTokens(text) };
}

/** Ranked candidates, then any other supplied file (sorted) so nothing the caller fetched is ignored. */
function withAvailableFiles(candidates: Candidate[], files: ReadonlyMap<string, string>): Candidate[] {
  const seen = new Set(candidates.map((c) => c.path));
  const rest = [...files.keys()].filter((p) => !seen.has(p)).sort(compareStrings);
  return [...candidates, ...rest.map((path): Candidate => ({ path, reason: 'retrieved', score: 0 }))];
}

function fitText(rendered: string, cap: number, renderCut: (cut: string) => string, source: string): Part | undefined {
  const tokens = countTokensWithin(rendered, cap);
  if (tokens !== false) return { text: rendered, tokens };
  const lines = source.split('\n');
  for (let n = Math.floor(lines.length / 2); n > 0; n = Math.floor(n / 2)) {
    const text = renderCut(lines.slice(0, n).join('\n'));
    const t = countTokensWithin(text, cap);
    if (t !== false) return { text, tokens: t };
  }
  return undefined;
}

function packDiff(files: DiffFile[], request: ContextRequest, cap: number, clean: (s: string) => string, leftOut: LeftOutFile[]): Part | undefined {
  if (files.length === 0) return undefined;
  const sections: string[] = [];
  let omitted = 0;
  const base = countTokens(renderDiff([], 1));
  let used = base;
  for (const file of files) {
    const kind = classifyPath(file.path, request.ignore);
    const oldKind = file.oldPath ? classifyPath(file.oldPath, request.ignore) : 'ok';
    if (kind === 'secret' || kind === 'ignored' || oldKind === 'secret' || oldKind === 'ignored') {
      omitted++;
      leftOut.push({ path: file.path, reason: 'diff of a sensitive or ignored path (never sent)' });
      continue;
    }
    let text = clean(file.text);
    if (kind === 'lockfile' || kind === 'binary') {
      const head = text.split('\n').slice(0, kind === 'lockfile' ? 30 : 6);
      text = `${head.join('\n')}\n`;
      if (kind === 'lockfile') leftOut.push({ path: file.path, reason: 'lockfile diff: excerpt only' });
    }
    const t = countTokensWithin(text, cap - used);
    if (t === false) {
      omitted++;
      leftOut.push({ path: file.path, reason: 'diff too large for the budget' });
      continue;
    }
    sections.push(text);
    used += t;
  }
  if (sections.length === 0) return undefined;
  // Section boundaries can merge a newline piece, so measure the final rendering; drop from the end if over.
  for (;;) {
    const text = renderDiff(sections, omitted);
    const tokens = countTokensWithin(text, cap);
    if (tokens !== false) return { text, tokens };
    const dropped = sections.pop();
    if (dropped === undefined) return undefined;
    omitted++;
    const m = /^diff --git a\/.* b\/(.*)$/m.exec(dropped) ?? /^\+\+\+ (?:b\/)?(.*)$/m.exec(dropped);
    leftOut.push({ path: m?.[1] ?? '(diff section)', reason: 'diff too large for the budget' });
    if (sections.length === 0) return undefined;
  }
}

function packLeftOut(entries: LeftOutFile[], cap: number): Part | undefined {
  if (entries.length === 0 || cap <= 0) return undefined;
  const unique = [...new Map(entries.map((e) => [`${e.path}\u0000${e.reason}`, e])).values()];
  let shown = Math.min(unique.length, LEFT_OUT_LIST_MAX);
  while (shown >= 0) {
    const text = renderLeftOut(unique.slice(0, shown), unique.length - shown);
    const tokens = countTokensWithin(text, cap);
    if (tokens !== false) return { text, tokens };
    shown = shown === 0 ? -1 : Math.floor(shown * 0.7);
  }
  return undefined;
}
