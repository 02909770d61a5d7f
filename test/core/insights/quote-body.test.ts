import { describe, expect, it } from 'vitest';
import { Token } from '../../../core/config/token.ts';
import { QUOTE_LIMIT, quoteBody } from '../../../core/insights/quote-body.ts';

const TOKEN = 'eyJhbGciOi.canary-token.Zm9vYmFy';

describe('quoteBody', () => {
  it('passes a short harmless body through', () => {
    expect(quoteBody('{"error":"quota exceeded"}')).toBe('{"error":"quota exceeded"}');
    expect(quoteBody(Buffer.from('plain'))).toBe('plain');
  });

  it('caps the quote at 1 KiB, marker included, without splitting characters', () => {
    const quoted = quoteBody('é'.repeat(5000));
    expect(Buffer.byteLength(quoted)).toBeLessThanOrEqual(QUOTE_LIMIT);
    expect(quoted.endsWith('…[truncated]')).toBe(true);
    expect(quoted).not.toContain('\uFFFD');
    expect(quoteBody('a'.repeat(1024))).toBe('a'.repeat(1024));
    expect(Buffer.byteLength(quoteBody('a'.repeat(1025)))).toBeLessThanOrEqual(QUOTE_LIMIT);
  });

  it('scrubs bearer, AccessToken and Basic credentials and authorization fields', () => {
    const body = JSON.stringify({ headers: { Authorization: 'Bearer abc.def.ghi', other: 'AccessToken cluster-1:xyz' }, proxy: 'Basic dXNlcjpwYXNz', authorization: 'rawvalue123' });
    const quoted = quoteBody(body);
    for (const secret of ['abc.def.ghi', 'cluster-1:xyz', 'dXNlcjpwYXNz', 'rawvalue123']) expect(quoted).not.toContain(secret);
    expect(quoted).toContain('Bearer [REDACTED]');
    expect(quoted).toContain('AccessToken [REDACTED]');
    expect(quoted).not.toContain('[REDACTED]]');
  });

  it('strips userinfo from URLs', () => {
    expect(quoteBody('cannot reach http://user:p4ss@proxy.example:3128/x')).toBe('cannot reach http://***@proxy.example:3128/x');
  });

  it('removes the given secrets in raw, base64 and URL-encoded forms, Token objects included', () => {
    const secret = 'sEcr3t/with+chars=';
    const body = `raw ${secret} b64 ${Buffer.from(secret).toString('base64')} url ${encodeURIComponent(secret)} tok ${TOKEN}`;
    const quoted = quoteBody(body, [secret, new Token(TOKEN), undefined]);
    for (const form of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), TOKEN]) expect(quoted).not.toContain(form);
  });

  it('scrubs a secret that straddles the 1 KiB cut', () => {
    const body = `${'x'.repeat(1000)}${TOKEN}${'y'.repeat(100)}`;
    const quoted = quoteBody(body, [TOKEN]);
    expect(quoted).not.toContain(TOKEN.slice(0, 8));
  });

  it('replaces control characters', () => {
    expect(quoteBody('a\u0000b\u001bc\nd')).toBe('a b c\nd');
  });
});
