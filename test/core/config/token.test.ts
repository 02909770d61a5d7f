import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OperatorError } from '../../../core/errors/codes.ts';
import { Token } from '../../../core/config/token.ts';
import { tokenFromPullSecret } from '../../../core/config/token-from-pull-secret.ts';

const SECRET = 's3cr3t-TOKEN-value';
const pull = (auth: unknown): string => JSON.stringify({ auths: { 'cloud.openshift.com': { auth }, 'quay.io': { auth: 'x' } } });

function thrown(fn: () => unknown): OperatorError {
  try { fn(); } catch (error) { return error as OperatorError; }
  throw new Error('did not throw');
}

describe('Token', () => {
  it('never prints its value', () => {
    const token = new Token(SECRET);
    const views = [
      JSON.stringify({ token }), String(token), `${token}`, inspect({ token }), inspect(token, { showHidden: true, depth: 9 }),
      String(new Error(`failed with ${token}`)), token + '', Object.keys(token).join(),
    ];
    for (const view of views) expect(view).not.toContain(SECRET);
    expect(String(token)).toBe('[REDACTED]');
    expect(JSON.stringify(token)).toBe('"[REDACTED]"');
    expect(token.reveal()).toBe(SECRET);
    expect(token.equals(new Token(SECRET))).toBe(true);
    expect(token.equals(new Token('other'))).toBe(false);
  });
});

describe('tokenFromPullSecret', () => {
  it('takes cloud.openshift.com auth as-is, trimmed, not decoded', () => {
    expect(tokenFromPullSecret(pull(`  ${SECRET}\n`))?.reveal()).toBe(SECRET);
    expect(tokenFromPullSecret(pull('YWJj'))?.reveal()).toBe('YWJj');
  });

  it('gives undefined when there is no token', () => {
    expect(tokenFromPullSecret(pull(''))).toBeUndefined();
    expect(tokenFromPullSecret(pull('   '))).toBeUndefined();
    expect(tokenFromPullSecret(JSON.stringify({ auths: { 'quay.io': { auth: 'x' } } }))).toBeUndefined();
    expect(tokenFromPullSecret('{}')).toBeUndefined();
    expect(tokenFromPullSecret('[]')).toBeUndefined();
    expect(tokenFromPullSecret(JSON.stringify({ auths: { 'cloud.openshift.com': {} } }))).toBeUndefined();
  });

  it('rejects a token with newlines without naming it', () => {
    for (const bad of [`${SECRET}\n${SECRET}`, `${SECRET}\r${SECRET}`]) {
      const error = thrown(() => tokenFromPullSecret(pull(bad)));
      expect(error.code).toBe('IO_PULL_SECRET_INVALID');
      expect(error.message).toContain('contains newlines');
      expect(error.message).toContain('openshift-config/pull-secret');
      expect(error.message + String(error.stack) + inspect(error)).not.toContain(SECRET);
    }
  });

  it('rejects text that is not JSON without quoting it', () => {
    const error = thrown(() => tokenFromPullSecret(`{"auths":{"cloud.openshift.com":{"auth":"${SECRET}"}}`));
    expect(error.message).toContain('not valid JSON');
    expect(error.message + inspect(error)).not.toContain(SECRET);
  });

  it('rejects an auth that is not a string, and names the source given', () => {
    const error = thrown(() => tokenFromPullSecret(pull(42), 'secret kube-system/global-pull-secret'));
    expect(error.message).toContain('kube-system/global-pull-secret');
  });
});
