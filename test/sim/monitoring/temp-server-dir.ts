/**
 * The per-run files of a Prometheus or Alertmanager: a temporary directory with the per-run CA and
 * serving certificate (the Kubernetes simulator's generator) and the exporter-toolkit web config that
 * makes the server speak TLS only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateCerts } from '../kube/certs.ts';

export interface ServerDir {
  readonly dir: string;
  /** The per-run CA (PEM) that signed the serving certificate. */
  readonly caPem: string;
  /** The same CA in a file, as a client's CA file. */
  readonly caFile: string;
  /** `--web.config.file`. */
  readonly webConfigFile: string;
  /** Writes a YAML file into the directory and returns its path. */
  writeYaml(name: string, content: unknown): Promise<string>;
  remove(): Promise<void>;
}

export async function makeServerDir(prefix: string): Promise<ServerDir> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  try {
    const certs = await generateCerts();
    const caFile = join(dir, 'ca.crt');
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    await writeFile(caFile, certs.caPem);
    await writeFile(certFile, certs.certPem);
    await writeFile(keyFile, certs.keyPem, { mode: 0o600 });
    const writeYaml = async (name: string, content: unknown): Promise<string> => {
      const file = join(dir, name);
      await writeFile(file, stringify(content));
      return file;
    };
    // TLS 1.2 at least, as the core's client requires; no client certificates, no basic auth.
    const webConfigFile = await writeYaml('web.yml', { tls_server_config: { cert_file: certFile, key_file: keyFile, min_version: 'TLS12' } });
    return { dir, caPem: certs.caPem, caFile, webConfigFile, writeYaml, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
