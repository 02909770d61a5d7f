import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a plugin folder: `plugin.json` (merged over a valid default) and an entry file. Pass
 * `manifest: null` to leave the manifest out, or a string to write it verbatim.
 */
export async function writePlugin(
  root: string,
  folder: string,
  options: { manifest?: Record<string, unknown> | string | null; entry?: string; source?: string },
): Promise<string> {
  const dir = join(root, folder);
  await mkdir(dir, { recursive: true });
  const entry = options.entry ?? 'index.ts';
  if (options.manifest !== null) {
    const manifest = typeof options.manifest === 'string'
      ? options.manifest
      : JSON.stringify({ name: folder, version: '1.2.3', pluginApi: '^1.0.0', entry, ...options.manifest });
    await writeFile(join(dir, 'plugin.json'), manifest);
  }
  if (options.source !== undefined) await writeFile(join(dir, entry), options.source);
  return dir;
}

/** Source of a small valid plugin whose functions each write one JSON record. */
export function pluginSource(name: string, functions: readonly string[] = ['one']): string {
  return `import { definePlugin, defineGatheringFunction, record, json } from 'insights-operator/plugin-api';
export default definePlugin({
  name: '${name}',
  functions: {
${functions.map((fn) => `    ${fn}: defineGatheringFunction({
      description: 'test function ${fn}',
      paths: ['test/${name}/${fn}.json'],
      permissions: [],
      gather: () => [record({ name: 'test/${name}/${fn}', item: json({ fn: '${fn}' }) })],
    }),`).join('\n')}
  },
});
`;
}
