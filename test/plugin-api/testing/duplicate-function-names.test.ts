import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateFunctionNames } from '../../../plugin-api/testing/duplicate-function-names.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function scan(source: string, file = 'index.ts'): Promise<string[]> {
  const path = join(await tempDir(), file);
  await writeFile(path, source);
  return duplicateFunctionNames(path);
}

describe('duplicateFunctionNames', () => {
  it('finds a key written twice in a functions object, quoted or not, shorthand or method', async () => {
    expect(await scan(`export default definePlugin({ name: 'p', functions: { a: x, b, 'a': y } });`)).toEqual(['a']);
    expect(await scan(`definePlugin({ functions: { b, async b() {} } });`)).toEqual(['b']);
    expect(await scan(`const f: Record<string, number> = {}; definePlugin({ functions: { c: f as any, d: 1, c: 2 } });`)).toEqual(['c']);
  });

  it('ignores nested objects, strings, templates and comments', async () => {
    const source = `definePlugin({ functions: {
      a: defineGatheringFunction({ description: 'a: {b}', paths: [\`x/\${'{'}a}\`], gather: () => ({ a: 1, a2: { a: 2 } }) }),
      // a: commented out
      /* a: also */
      b: other,
    } });`;
    expect(await scan(source)).toEqual([]);
  });
});
