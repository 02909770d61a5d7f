import { registerHooks } from 'node:module';

const API_SPECIFIER = 'insights-operator/plugin-api';
let installed = false;

/**
 * Makes `insights-operator/plugin-api` resolve to this core's own copy for plugins loaded from any
 * directory, so that a plugin dropped into a folder outside the repo needs no installation and shares
 * the running core's API. Installed once per process.
 */
export function installPluginApiResolution(): void {
  if (installed) return;
  installed = true;
  const apiUrl = new URL('../../plugin-api/index.ts', import.meta.url).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === API_SPECIFIER) return { url: apiUrl, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}
