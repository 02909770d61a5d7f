import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';

/**
 * The `cloud.openshift.com` token of the cluster pull-secret. It prints as `[REDACTED]` everywhere
 * (`String()`, template literals, `JSON.stringify`, `util.inspect`, pino), so it cannot leak into logs,
 * errors, metrics or status by accident; {@link Token.reveal} is the one deliberate way to read it
 * (for the `Authorization: Bearer` header).
 */
export class Token {
  readonly #value: string;

  /** @param value - the token text; never empty */
  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** The token itself. Call it only where it is sent, never where it is logged. */
  reveal(): string {
    return this.#value;
  }

  /** Whether two tokens carry the same text, without revealing either (for change detection). */
  equals(other: Token | undefined): boolean {
    return other !== undefined && other.#value === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
