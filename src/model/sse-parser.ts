/**
 * Incremental Server-Sent Events parser (WHATWG "event stream" rules, minus `id`/`retry`
 * which model APIs do not use). Feed it decoded text in arbitrary chunks; it calls
 * `onEvent(event, data)` per blank-line-terminated event. Works by indexOf over the chunk,
 * no regex, and joins multi-line `data:` only when an event actually has several.
 */
export class SseParser {
  private carry = '';
  private eventName = '';
  private data: string | undefined;
  private extraData: string[] | undefined;

  constructor(private readonly onEvent: (event: string, data: string) => void) {}

  push(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.carry = '';
    let start = 0;
    const length = text.length;
    while (start < length) {
      const end = text.indexOf('\n', start);
      if (end === -1) {
        // A lone trailing '\r' may be half of a CRLF: keep it with the incomplete line.
        this.carry = text.slice(start);
        return;
      }
      let lineEnd = end;
      if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      this.line(text, start, lineEnd);
      start = end + 1;
    }
  }

  /** End of stream: a final event without its blank line is dropped, per the spec. */
  finish(): void {
    this.carry = '';
    this.reset();
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === 58 /* ':' comment / keep-alive */) return;
    const colon = text.indexOf(':', start);
    let field: string;
    let value: string;
    if (colon === -1 || colon > end) {
      field = text.slice(start, end);
      value = '';
    } else {
      field = text.slice(start, colon);
      let valueStart = colon + 1;
      if (text.charCodeAt(valueStart) === 32) valueStart++;
      value = valueStart >= end ? '' : text.slice(valueStart, end);
    }
    if (field === 'data') {
      if (this.data === undefined) this.data = value;
      else (this.extraData ??= []).push(value);
    } else if (field === 'event') {
      this.eventName = value;
    }
  }

  private dispatch(): void {
    if (this.data !== undefined) {
      const data = this.extraData === undefined ? this.data : [this.data, ...this.extraData].join('\n');
      const event = this.eventName || 'message';
      this.reset();
      this.onEvent(event, data);
      return;
    }
    this.reset();
  }

  private reset(): void {
    this.eventName = '';
    this.data = undefined;
    this.extraData = undefined;
  }
}
