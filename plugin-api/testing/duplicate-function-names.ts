import { readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';

/**
 * Function names written twice in a `functions: { … }` object of a plugin's entry file. JavaScript keeps
 * the last of duplicate keys silently, so the first function would vanish with no error at run time;
 * only the source shows it (TypeScript reports TS1117, but type stripping does not check). A light
 * scanner, not a parser: it skips strings, templates and comments and reads the object's top-level keys.
 * @param entryFile - the plugin's entry module
 */
export async function duplicateFunctionNames(entryFile: string): Promise<string[]> {
  let source = await readFile(entryFile, 'utf8');
  if (/\.[cm]?ts$/.test(entryFile)) {
    try {
      source = stripTypeScriptTypes(source, { mode: 'strip' });
    } catch {
      // Not erasable TypeScript: the loader refuses it anyway; scan what is there.
    }
  }
  const duplicates = new Set<string>();
  for (const match of source.matchAll(/\bfunctions\s*:\s*\{/g)) {
    const seen = new Set<string>();
    for (const key of topLevelKeys(source, match.index + match[0].length - 1)) {
      if (seen.has(key)) duplicates.add(key);
      seen.add(key);
    }
  }
  return [...duplicates];
}

/** Keys at depth 1 of the object literal whose `{` is at `open`. */
function topLevelKeys(src: string, open: number): string[] {
  const keys: string[] = [];
  let depth = 1;
  let expectKey = true;
  let i = open + 1;
  while (i < src.length && depth > 0) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = skipString(src, i);
      if (depth === 1 && expectKey && /^\s*:/.test(src.slice(end, end + 40))) keys.push(src.slice(i + 1, end - 1));
      expectKey = false;
      i = end;
      continue;
    }
    if (c === '`') {
      i = skipTemplate(src, i);
      expectKey = false;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      depth += 1;
      expectKey = false;
    } else if (c === '}' || c === ')' || c === ']') {
      depth -= 1;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    } else if (depth === 1 && expectKey && /[A-Za-z_$]/.test(c)) {
      const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(i))![0];
      const after = src.slice(i + word.length);
      const method = /^\s+([A-Za-z_$][\w$]*)\s*\(/.exec(after);
      // `async name() {}`, `get name() {}`: the key is the second word.
      if ((word === 'async' || word === 'get' || word === 'set') && method !== null) keys.push(method[1]!);
      else if (/^\s*[:(,}]/.test(after)) keys.push(word);
      expectKey = false;
      i += word.length;
      continue;
    } else if (!/\s/.test(c)) {
      expectKey = false;
    }
    i += 1;
  }
  return keys;
}

function skipString(src: string, start: number): number {
  const quote = src[start];
  let i = start + 1;
  while (i < src.length && src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipTemplate(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\') {
      i += 2;
    } else if (src[i] === '$' && src[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < src.length && depth > 0) {
        if (src[i] === '"' || src[i] === "'") i = skipString(src, i);
        else if (src[i] === '`') i = skipTemplate(src, i);
        else {
          if (src[i] === '{') depth += 1;
          else if (src[i] === '}') depth -= 1;
          i += 1;
        }
      }
    } else {
      i += 1;
    }
  }
  return i + 1;
}
