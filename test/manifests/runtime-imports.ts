/**
 * Run as a script: `node runtime-imports.ts FILE...` imports each file and prints, as JSON, every module
 * resolution Node made meanwhile (`[parentURL, resolvedURL]`), so a test can see what the operator loads
 * at run time. Node's own resolver decides, with type-only imports already stripped away.
 */
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const edges: Array<[string, string]> = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    edges.push([context.parentURL ?? '', resolved.url]);
    return resolved;
  },
});
for (const file of process.argv.slice(2)) await import(pathToFileURL(file).href);
process.stdout.write(JSON.stringify(edges));
