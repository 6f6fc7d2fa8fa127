import { leadingWhitespace } from './normalize.js';

/**
 * Maps the indentation of a line the model wrote to the file's; `near` is the matched pair
 * (model indent, file indent) nearest to the line. Undefined when it cannot be mapped soundly.
 */
export type Reindent = (line: string, near?: readonly [string, string]) => string | undefined;

type Style = 'none' | 'space' | 'tab' | 'mixed';

function style(indent: string): Style {
  if (indent === '') return 'none';
  if (/^ +$/.test(indent)) return 'space';
  if (/^\t+$/.test(indent)) return 'tab';
  return 'mixed';
}

const charOf = (s: 'space' | 'tab'): string => (s === 'tab' ? '\t' : ' ');

/**
 * Learns how the model's indentation relates to the file's from the lines it matched
 * (`pairs`: the model's text, the file's text), and maps new lines accordingly:
 * - same indentation everywhere: lines are kept as written;
 * - same character (spaces/spaces, tabs/tabs) but shifted: the shift every pair agrees on, else
 *   the prefix of the matched line at the same (or the enclosing) indent is swapped;
 * - spaces where the file has tabs or the reverse: mapped per indentation level, never by
 *   character count (4 model spaces = 1 file tab when the pairs say so); a line at column 0
 *   stays at column 0, and a width that is not a whole number of levels is refused.
 * `fileUnit` is the file's own indentation step, used when no matched line is indented.
 */
export function indentMapper(pairs: ReadonlyArray<readonly [string, string]>, modelLines: readonly string[], fileUnit: string | undefined): Reindent {
  const real = pairs.filter(([m, f]) => m.trim() !== '' && f.trim() !== '').map(([m, f]) => [leadingWhitespace(m), leadingWhitespace(f)] as const);
  if (real.every(([m, f]) => m === f)) {
    // Nothing matched was indented (a Python `def` at column 0): the file's own unit decides.
    const modelChar = oneStyle(modelLines.filter((l) => l.trim() !== '').map(leadingWhitespace));
    const unitChar = fileUnit === undefined || fileUnit === '' ? undefined : fileUnit[0] === '\t' ? 'tab' : 'space';
    if (real.every(([m]) => m === '') && modelChar !== undefined && modelChar !== 'none' && unitChar !== undefined && modelChar !== unitChar) {
      const ratio = levelRatio(real, modelLines, charOf(modelChar), fileUnit);
      return ratio === undefined ? () => undefined : byLevel(ratio, charOf(modelChar), charOf(unitChar));
    }
    return (line) => line;
  }
  // Lines indented the same on both sides (a JSDoc " * " in a tab file) say nothing about the
  // mapping: styles come from the others, and new lines at exactly such an indent are kept.
  const same = new Set(real.filter(([m, f]) => m === f && m !== '').map(([m]) => m));
  const informative = real.filter(([m, f]) => m !== f || m === '');
  const ms = oneStyle(informative.map(([m]) => m));
  const fs = oneStyle(informative.map(([, f]) => f));
  if (same.size > 0 && ms !== undefined && fs !== undefined && ms !== 'none' && fs !== 'none' && ms !== fs) {
    const ratio = levelRatio(informative, modelLines.filter((l) => !same.has(leadingWhitespace(l))), charOf(ms), fileUnit);
    if (ratio === undefined) return () => undefined;
    const mapped = byLevel(ratio, charOf(ms), charOf(fs));
    return (line, near) => (same.has(leadingWhitespace(line)) ? line : mapped(line, near));
  }
  const modelStyle = oneStyle(real.map(([m]) => m));
  let fileStyle = oneStyle(real.map(([, f]) => f));
  if (modelStyle === undefined || fileStyle === undefined) return prefixMapper(real);
  if (fileStyle === 'none' && fileUnit !== undefined && fileUnit !== '') fileStyle = fileUnit[0] === '\t' ? 'tab' : 'space';
  const shift = constant(real.map(([m, f]) => f.length - m.length));
  if (modelStyle !== 'none' && fileStyle !== 'none' && modelStyle !== fileStyle) {
    const ratio = levelRatio(real, modelLines, charOf(modelStyle), fileUnit);
    return ratio === undefined ? () => undefined : byLevel(ratio, charOf(modelStyle), charOf(fileStyle));
  }
  // One character on both sides (or the model wrote the matched lines flush left).
  const fileChar = fileStyle === 'none' ? charOf(modelStyle === 'none' ? 'space' : modelStyle) : charOf(fileStyle);
  const modelChar = modelStyle === 'none' ? fileChar : charOf(modelStyle);
  if (shift === undefined) return prefixMapper(real);
  return (line) => {
    if (line.trim() === '') return line;
    const own = leadingWhitespace(line);
    if (own !== '' && (style(own) === 'mixed' || own[0] !== modelChar)) return undefined;
    const width = own.length + shift;
    return width < 0 ? undefined : fileChar.repeat(width) + line.slice(own.length);
  };
}

/**
 * Same indentation character, no common shift: each new line takes the mapping of the matched
 * line whose model indent is the longest prefix of its own (its level or the one around it);
 * where matched lines disagree for that indent, the nearest one decides.
 */
function prefixMapper(real: ReadonlyArray<readonly [string, string]>): Reindent {
  const byModel = new Map<string, string | null>();
  for (const [m, f] of real) byModel.set(m, byModel.has(m) && byModel.get(m) !== f ? null : f);
  const models = [...byModel.keys()].sort((x, y) => y.length - x.length);
  return (line, near) => {
    if (line.trim() === '') return line;
    const own = leadingWhitespace(line);
    const m = models.find((k) => own.startsWith(k));
    if (m === undefined) return undefined;
    const f = byModel.get(m) ?? (near !== undefined && near[0] === m ? near[1] : undefined);
    if (f === undefined) return undefined;
    const result = f + own.slice(m.length);
    return style(result) === 'mixed' ? undefined : result + line.slice(own.length);
  };
}

/** The single indentation character style of a list of indents ('none' if all are empty). */
function oneStyle(indents: readonly string[]): 'space' | 'tab' | 'none' | undefined {
  let seen: 'space' | 'tab' | 'none' = 'none';
  for (const s of indents.map(style)) {
    if (s === 'none') continue;
    if (s === 'mixed') return undefined;
    if (seen !== 'none' && seen !== s) return undefined;
    seen = s;
  }
  return seen;
}

function constant(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.every((v) => v === values[0]) ? values[0] : undefined;
}

/**
 * Model characters per file character (4 for "4 spaces = 1 tab", 0.25 for the reverse), from
 * the matched pairs when any is indented, else from the model's smallest indent and the file's unit.
 */
function levelRatio(real: ReadonlyArray<readonly [string, string]>, modelLines: readonly string[], modelChar: string, fileUnit: string | undefined): number | undefined {
  let ratio: number | undefined;
  for (const [m, f] of real) {
    if ((m === '') !== (f === '')) return undefined; // column 0 on one side only: not a level mapping
    if (m === '') continue;
    const r = m.length / f.length;
    if (ratio !== undefined && r !== ratio) return undefined;
    ratio = r;
  }
  if (ratio !== undefined) return ratio;
  const widths = modelLines.map(leadingWhitespace).filter((w) => w !== '' && style(w) !== 'mixed' && w[0] === modelChar).map((w) => w.length);
  if (widths.length === 0 || fileUnit === undefined || fileUnit === '') return undefined;
  const step = Math.min(...widths);
  return step / fileUnit.length;
}

function byLevel(ratio: number, modelChar: string, fileChar: string): Reindent {
  return (line) => {
    if (line.trim() === '') return line;
    const own = leadingWhitespace(line);
    if (own === '') return line;
    if (style(own) === 'mixed' || own[0] !== modelChar) return undefined;
    const width = own.length / ratio;
    return Number.isInteger(width) ? fileChar.repeat(width) + line.slice(own.length) : undefined;
  };
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (undefined if nothing is indented). */
export function fileIndentUnit(lines: readonly string[]): string | undefined {
  let tabs = 0;
  let minSpaces = Infinity;
  let spaced = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const lead = leadingWhitespace(line);
    if (lead.startsWith('\t')) tabs++;
    else if (lead.length > 0 && /^ +$/.test(lead)) {
      spaced++;
      if (lead.length < minSpaces) minSpaces = lead.length;
    }
  }
  if (tabs === 0 && spaced === 0) return undefined;
  return tabs >= spaced ? '\t' : ' '.repeat(minSpaces);
}
