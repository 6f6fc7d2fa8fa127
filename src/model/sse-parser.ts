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

  /**
   * `eventNames: false` skips reading `event:` lines (the Responses and Chat payloads carry
   * their own type), saving an allocation per event on the hot path; `event` is then ''.
   */
  constructor(
    private readonly onEvent: (event: string, data: string) => void,
    private readonly eventNames = true,
  ) {}

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
    // Compare field names in place: slicing them would allocate twice per event.
    if (first === 100 /* d */ && text.startsWith('data', start)) {
      const value = this.fieldValue(text, start + 4, end);
      if (value === undefined) return;
      if (this.data === undefined) this.data = value;
      else (this.extraData ??= []).push(value);
    } else if (this.eventNames && first === 101 /* e */ && text.startsWith('event', start)) {
      const value = this.fieldValue(text, start + 5, end);
      if (value !== undefined) this.eventName = value;
    }
    // ':' comments (keep-alives), id, retry and unknown fields are ignored.
  }

  /** The value after `name`, or undefined when `name` was only a prefix of another field. */
  private fieldValue(text: string, afterName: number, end: number): string | undefined {
    if (afterName === end) return '';
    if (text.charCodeAt(afterName) !== 58 /* : */) return undefined;
    let valueStart = afterName + 1;
    if (text.charCodeAt(valueStart) === 32) valueStart++;
    return valueStart >= end ? '' : text.slice(valueStart, end);
  }

  private dispatch(): void {
    if (this.data !== undefined) {
      const data = this.extraData === undefined ? this.data : [this.data, ...this.extraData].join('\n');
      const event = this.eventName || (this.eventNames ? 'message' : '');
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
