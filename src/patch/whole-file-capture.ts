import { pathOnLine } from './prose-path.js';

const FENCE = /^\s*(```|~~~)/;

interface Block {
  /** Path named in the fence's info string (```ts src/a.ts). */
  infoPath: string | undefined;
  /** Path named on the prose line before the fence. */
  precedingPath: string | undefined;
  lines: string[];
}

/**
 * Remembers what a whole-file reply would be, while the line parser looks for patches. Used
 * only when the reply contains no patch at all. The target must be unambiguous: exactly one
 * complete fenced block whose info string or preceding line names a path (else `defaultPath`,
 * the caller's statement that the job concerns a single file), or, only with `defaultPath`, a
 * reply without any fence (the bare file). Several blocks, or an unterminated one, give nothing.
 */
export class WholeFileCapture {
  private open: Block | undefined;
  private readonly blocks: Block[] = [];
  private readonly bare: string[] = [];
  private sawFence = false;
  /** The last non-blank line outside a block: a path on it names the next block's file. */
  private lastProse = '';

  /** Feed a line read while the parser was idle. */
  line(text: string, keepBare: boolean): void {
    if (FENCE.test(text)) {
      this.sawFence = true;
      if (this.open === undefined) {
        const info = text.trim().replace(/^(```|~~~)+/, '').trim();
        const infoPath = /[./]/.test(info) ? pathOnLine(info) : undefined;
        this.open = { infoPath, precedingPath: pathOnLine(this.lastProse), lines: [] };
      } else {
        this.blocks.push(this.open);
        this.open = undefined;
      }
      return;
    }
    if (this.open !== undefined) this.open.lines.push(text);
    else if (text.trim() !== '') this.lastProse = text;
    if (keepBare && !this.sawFence) this.bare.push(text);
  }

  result(defaultPath: string | undefined): { path: string; content: string } | undefined {
    if (this.open !== undefined) return undefined; // unterminated fence: probably truncated
    if (this.blocks.length === 1) {
      const b = this.blocks[0]!;
      const path = b.infoPath ?? b.precedingPath ?? defaultPath;
      return path === undefined ? undefined : { path, content: text(b.lines) };
    }
    if (this.blocks.length === 0 && !this.sawFence && defaultPath !== undefined && this.bare.some((l) => l.trim() !== '')) {
      return { path: defaultPath, content: text(this.bare) };
    }
    return undefined;
  }
}

function text(lines: readonly string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return a === b ? '' : lines.slice(a, b).join('\n') + '\n';
}
