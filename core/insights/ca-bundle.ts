import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';

/** Where OpenShift mounts the cluster's trusted CA bundle into the operator (the original's path). */
export const TRUSTED_CA_BUNDLE_FILE = '/var/run/configmaps/trusted-ca-bundle/ca-bundle.crt';

/** The certificate authorities a request trusts; `version` changes whenever the set does. */
export interface TrustedCas {
  readonly version: number;
  /** Node's bundled roots followed by the bundle file's certificates, PEM. */
  readonly ca: readonly string[];
  /** How many certificates came from the bundle file (0 when it is absent). */
  readonly fromBundle: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The system roots plus the trusted CA bundle file when it exists, as the original's transport. The file
 * is checked (one `stat`) on each call and re-read when its inode, size or mtime changed, so a rotated
 * bundle (the configmap is replaced by a symlink swap) is used from the next request on, without a
 * restart. A certificate that does not parse is skipped with a warning; the rest still count.
 */
export class CaBundle {
  readonly #file: string;
  readonly #logger: Logger;
  readonly #roots: readonly string[];
  readonly #what: string;
  #stamp = '';
  #current: TrustedCas;
  #pending: Promise<TrustedCas> | undefined;

  /**
   * @param options.systemRoots - trust Node's bundled roots too (default true); false trusts the file
   *   alone, as a Go client given only a CA file (the monitoring clients and the service CA)
   * @param options.what - names the file in log lines (default `trusted CA bundle`)
   */
  constructor(file: string, logger: Logger, options: { systemRoots?: boolean; what?: string } = {}) {
    this.#file = file;
    this.#logger = logger;
    this.#roots = options.systemRoots === false ? [] : rootCertificates;
    this.#what = options.what ?? 'trusted CA bundle';
    this.#current = { version: 0, ca: this.#roots, fromBundle: 0 };
  }

  /** The CAs to trust now. */
  current(): Promise<TrustedCas> {
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #refresh(): Promise<TrustedCas> {
    let stamp: string;
    try {
      const s = await stat(this.#file);
      stamp = `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      stamp = 'absent';
    }
    if (stamp === this.#stamp) return this.#current;
    const first = this.#stamp === '';
    this.#stamp = stamp;
    const bundle = stamp === 'absent' ? [] : await this.#read();
    this.#current = { version: this.#current.version + 1, ca: [...this.#roots, ...bundle], fromBundle: bundle.length };
    if (!first || bundle.length > 0) {
      this.#logger.info({ file: this.#file, certificates: bundle.length }, stamp === 'absent' ? `${this.#what} is absent: ${this.#fallback()}` : `${this.#what} loaded`);
    }
    return this.#current;
  }

  async #read(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      this.#logger.warn({ file: this.#file, error: describeError(error) }, `${this.#what} cannot be read: ${this.#fallback()}`);
      return [];
    }
    const certs: string[] = [];
    let skipped = 0;
    for (const pem of text.match(PEM_BLOCK) ?? []) {
      try {
        new X509Certificate(pem);
        certs.push(`${pem}\n`);
      } catch {
        skipped += 1;
      }
    }
    if (skipped > 0) this.#logger.warn({ file: this.#file, skipped }, `${this.#what}: certificates that do not parse were skipped`);
    return certs;
  }

  #fallback(): string {
    return this.#roots.length > 0 ? 'using the system roots only' : 'no server certificate can be verified';
  }
}
