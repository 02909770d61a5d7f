import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ProxySettings } from '../../../core/config/config-sources.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';

export const CLUSTER_ID = '84ef291d-8f1b-4d28-ab34-cfddff941b84';
export const NO_PROXY_SETTINGS: ProxySettings = { httpProxy: '', httpsProxy: '', noProxy: '' };

/** A temporary directory for CA bundle files. */
export function tempDir(): { dir: string; file: (name: string, text: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'insights-client-'));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A client with a fixed cluster ID and an empty environment unless given. */
export function makeClient(options: {
  logger: Logger;
  token?: string | undefined;
  caBundleFile?: string;
  env?: NodeJS.ProcessEnv;
  proxy?: ProxySettings;
}): InsightsClient {
  const token = 'token' in options ? options.token : 'secret-token';
  return new InsightsClient({
    token: () => (token === undefined ? undefined : new Token(token)),
    config: () => ({ proxy: options.proxy ?? NO_PROXY_SETTINGS }),
    caBundleFile: options.caBundleFile ?? '/nonexistent/ca-bundle.crt',
    env: options.env ?? {},
    logger: options.logger,
    clusterId: async () => CLUSTER_ID,
  });
}
