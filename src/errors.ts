/**
 * Base class for every error spark-patch raises on purpose. `userMessage` is safe to show
 * in a GitHub comment (no secrets, no stack); `message` may carry more detail for logs.
 * Each subclass says what happened *and how to fix it*, following Probot's style.
 */
export class SparkError extends Error {
  readonly userMessage: string;
  constructor(message: string, options?: { cause?: unknown; userMessage?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.userMessage = options?.userMessage ?? message;
  }
}
