import { substantialLine } from './evidence.js';
import { fileIndentUnit } from './indentation.js';
import { codeComparer } from './line-comments.js';
import { LineIndex } from './locate.js';

/** The file one operation edits, indexed once for all its hunks. */
export class FileView {
  readonly index: LineIndex;
  /** Whether a model's line is, as code, the file's line (see line-comments.ts); by the file's path. */
  readonly sameCode: (model: string, file: string) => boolean;
  private unitCache: { unit: string | undefined } | undefined;
  constructor(readonly lines: readonly string[], path?: string) {
    this.index = new LineIndex(lines);
    this.sameCode = codeComparer(path);
  }

  get unit(): string | undefined {
    this.unitCache ??= { unit: fileIndentUnit(this.lines) };
    return this.unitCache.unit;
  }

  /** The 0-based index of the last non-blank line before `at` (-1 when there is none). */
  lastSolidBefore(at: number): number {
    let i = at - 1;
    while (i >= 0 && this.lines[i]!.trim() === '') i--;
    return i;
  }

  /** The 0-based index of the first non-blank line at or after `at` (the line count when there is none). */
  firstSolidFrom(at: number): number {
    let i = at;
    while (i < this.lines.length && this.lines[i]!.trim() === '') i++;
    return i;
  }

  /** Whether `block` stands at `at`, as code (Unicode level; a trailing comment on one side only aside). */
  standsAt(block: readonly string[], at: number): boolean {
    if (at < 0 || at + block.length > this.lines.length) return false;
    return block.every((l, j) => this.sameCode(l, this.lines[at + j]!));
  }

  /** Every 0-based start where `block` stands as code (see `standsAt`), sought from its rarest substantial line that stands verbatim. */
  codeOccurrences(block: readonly string[]): number[] {
    let pivot = -1;
    let fewest = Infinity;
    block.forEach((l, j) => {
      if (!substantialLine(l)) return;
      const count = this.index.count(l, 'unicode');
      if (count > 0 && count < fewest) {
        fewest = count;
        pivot = j;
      }
    });
    if (pivot < 0) return [];
    return this.index.occurrences(block[pivot]!, 'unicode').map((p) => p - pivot).filter((at) => this.standsAt(block, at));
  }
}
