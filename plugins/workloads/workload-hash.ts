import { createHash } from 'node:crypto';

/**
 * The original's `workloadHashString`: SHA-256 of the string, base64url without padding, first 12
 * characters (chosen there for a 0.0001 chance of a collision across a billion values).
 */
export function workloadHashString(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64url').slice(0, 12);
}

/**
 * The original's `workloadArgumentString`: the first word of a command or argument, with a flag's
 * value dropped (a flag without `=` gives `''`, so no user value can leak) and a path reduced to its
 * last component (`/usr/bin/bash` → `bash`).
 */
export function workloadArgumentString(arg: string): string {
  let s = arg.trim();
  const space = s.indexOf(' ');
  if (space !== -1) s = s.slice(0, space);
  if (s.startsWith('-')) {
    const eq = s.indexOf('=');
    if (eq === -1) return '';
    s = s.slice(0, eq);
  }
  s = s.replace(/^[/\\]+|[/\\]+$/g, '');
  const slash = s.lastIndexOf('/');
  if (slash !== -1) return s.slice(slash + 1);
  const backslash = s.lastIndexOf('\\');
  return backslash === -1 ? s : s.slice(backslash + 1);
}
