import { LineParser, type LineParserOptions } from './line-parser.js';
import type { FileOp } from './types.js';

export type StreamingPatchParserOptions = LineParserOptions;

/**
 * Parses a reply while it streams. Only the unfinished last line is buffered; each complete
 * line is handed once to the line parser, so the cost is O(total length) whatever the delta size.
 */
export class StreamingPatchParser {
  private parser: LineParser;
  private partial = '';
  private readonly ops: FileOp[] = [];

  constructor(private readonly options: StreamingPatchParserOptions = {}) {
    this.parser = new LineParser(options);
  }

  /** Feed a delta; returns the operations whose section or block just closed. */
  push(delta: string): FileOp[] {
    if (delta === '') return [];
    let start = 0;
    let nl = delta.indexOf('\n');
    if (nl === -1) {
      this.partial += delta;
      return [];
    }
    const closed: FileOp[] = [];
    let line = this.partial + delta.slice(0, nl);
    this.partial = '';
    for (;;) {
      this.accept(this.parser.line(line), closed);
      start = nl + 1;
      nl = delta.indexOf('\n', start);
      if (nl === -1) break;
      line = delta.slice(start, nl);
    }
    this.partial = delta.slice(start);
    return closed;
  }

  /** The reply is complete: flush the last line and close what is open. Throws PatchParseError on a malformed tail. */
  end(): FileOp[] {
    const closed: FileOp[] = [];
    if (this.partial !== '') {
      const last = this.partial;
      this.partial = '';
      this.accept(this.parser.line(last), closed);
    }
    this.accept(this.parser.finish(), closed);
    return closed;
  }

  /** The model restarted its turn: forget everything seen so far. */
  reset(): void {
    this.parser = new LineParser(this.options);
    this.partial = '';
    this.ops.length = 0;
  }

  /** Every operation closed so far, in reply order. */
  get operations(): readonly FileOp[] {
    return this.ops;
  }

  private accept(ops: FileOp[], closed: FileOp[]): void {
    for (const op of ops) {
      this.ops.push(op);
      closed.push(op);
    }
  }
}
