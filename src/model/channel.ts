/**
 * A single-consumer push→pull queue: transports push from socket callbacks, the job pulls
 * with `for await`. A resolved promise per item and no per-item closures keep it cheap at
 * >1M items/s. `return()` (consumer broke out) runs `onCancel` so the transport can stop.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private buffer: T[] = [];
  private head = 0;
  private resolveWaiter: ((result: IteratorResult<T>) => void) | undefined;
  private rejectWaiter: ((error: unknown) => void) | undefined;
  private failure: unknown = undefined;
  private failed = false;
  private ended = false;
  private cancelled = false;
  onCancel: (() => void) | undefined;

  get closed(): boolean {
    return this.ended || this.failed || this.cancelled;
  }

  push(value: T): void {
    if (this.closed) return;
    const resolve = this.resolveWaiter;
    if (resolve !== undefined) {
      this.resolveWaiter = undefined;
      this.rejectWaiter = undefined;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** The most recently pushed item if the consumer has not taken it yet (safe to amend). */
  lastBuffered(): T | undefined {
    return this.buffer.length > this.head ? this.buffer[this.buffer.length - 1] : undefined;
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.wakeWithEnd();
  }

  /** Items already pushed are still delivered; the error surfaces after them. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failed = true;
    this.failure = error;
    const reject = this.rejectWaiter;
    if (reject !== undefined) {
      this.resolveWaiter = undefined;
      this.rejectWaiter = undefined;
      reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head++] as T;
      if (this.head === this.buffer.length) {
        this.buffer.length = 0;
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failed) return Promise.reject(this.failure);
    if (this.ended || this.cancelled) return Promise.resolve({ value: undefined, done: true });
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.resolveWaiter = resolve;
      this.rejectWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.cancelled = true;
      this.buffer.length = 0;
      this.head = 0;
      this.wakeWithEnd();
      this.onCancel?.();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private wakeWithEnd(): void {
    const resolve = this.resolveWaiter;
    if (resolve !== undefined && this.head >= this.buffer.length) {
      this.resolveWaiter = undefined;
      this.rejectWaiter = undefined;
      resolve({ value: undefined, done: true });
    }
  }
}
