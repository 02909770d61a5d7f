import { redactUrl } from './redact-url.ts';

/** The most a quoted body takes, in UTF-8 bytes, marker included (the original quotes 1024 bytes). */
export const QUOTE_LIMIT = 1024;

const REDACTED = '[REDACTED]';
const TRUNCATED = '…[truncated]';

/** Credentials in the forms servers echo back: header values and `authorization` fields. */
const PATTERNS: readonly RegExp[] = [
  /\b((?:Bearer|AccessToken|Basic)\s+)(?!\[REDACTED\])[^\s"',;}\]\\]+/gi,
  /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|(?:Bearer|AccessToken|Basic)\s)[^"',;}\]\\\r\n]+/gi,
];

/** Something whose text can be revealed (a `Token`), so callers need not unwrap it themselves. */
interface Revealable {
  reveal(): string;
}

/**
 * A server's response body made safe to put in an error message or a log line: scrubbed, then cut to
 * {@link QUOTE_LIMIT} bytes. Scrubbed are `Bearer`/`AccessToken`/`Basic` credentials, `authorization`
 * fields, userinfo in URLs, and each given secret in its raw, base64 and URL-encoded forms (a server
 * that echoes the request back must not leak the token). Control characters become spaces.
 *
 * @param body - the response body (decoded as UTF-8)
 * @param secrets - values to remove wherever they appear, for example the pull-secret token
 */
export function quoteBody(body: Buffer | Uint8Array | string, secrets: readonly (string | Revealable | undefined)[] = []): string {
  const values = secrets
    .map((s) => (s === undefined ? '' : typeof s === 'string' ? s : s.reveal()))
    .filter((s) => s.length >= 4);
  const forms = [...new Set(values.flatMap(encodings))].sort((a, b) => b.length - a.length);
  // Scrub a window wide enough that any secret touching the first QUOTE_LIMIT bytes lies wholly in it:
  // cutting first could leave a secret's head at the end of the quote.
  const longest = forms.reduce((max, f) => Math.max(max, Buffer.byteLength(f)), 0);
  const window = QUOTE_LIMIT + longest + 256;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let text = bytes.subarray(0, window).toString('utf8');
  for (const form of forms) text = text.split(form).join(REDACTED);
  for (const pattern of PATTERNS) text = text.replace(pattern, `$1${REDACTED}`);
  text = redactUrl(text);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  const truncated = bytes.length > window || Buffer.byteLength(text) > QUOTE_LIMIT;
  return truncated ? cutUtf8(text, QUOTE_LIMIT - Buffer.byteLength(TRUNCATED)) + TRUNCATED : text;
}

/** The ways a secret can appear in an echoed request: as is, base64 (Basic auth), URL-encoded. */
function encodings(secret: string): string[] {
  return [secret, Buffer.from(secret, 'utf8').toString('base64'), Buffer.from(secret, 'utf8').toString('base64url'), encodeURIComponent(secret)];
}

/** The longest prefix of `text` within `limit` UTF-8 bytes, never splitting a character. */
function cutUtf8(text: string, limit: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > limit) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
