/** Matches the userinfo of any `scheme://user[:pass]@` in a text. */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/**
 * A URL (or any text holding URLs) fit for logs and error messages: every userinfo part becomes `***`
 * (`http://user:pass@proxy:3128` → `http://***@proxy:3128`), so proxy credentials never leave the
 * process. Works on text that does not parse as a URL too (a mistyped proxy setting).
 */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
