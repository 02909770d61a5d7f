import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import { describeApiError } from '../status/cluster-operator-api.ts';
import { TranslationTable } from './translation-table.ts';

/** Where the table is kept, as the original's `StoreTranslationTable`. */
export const TRANSLATION_TABLE_SECRET = { namespace: 'openshift-insights', name: 'obfuscation-translation-table' } as const;
/**
 * The secret's data key: the table's JSON (`TranslationTableJson`), readable with
 * `oc get secret -n openshift-insights obfuscation-translation-table -o jsonpath='{.data.translation-table\.json}' | base64 -d`.
 * One key, because secret keys cannot hold the `:` of IPv6 addresses.
 */
export const TRANSLATION_TABLE_KEY = 'translation-table.json';

/**
 * Keeps the {@link TranslationTable} between archives (and operator restarts) in the secret
 * `openshift-insights/obfuscation-translation-table`, with the operator's own identity. Unlike the
 * original, which deletes and recreates the secret and resets the table after each archive, the table
 * accumulates, so that an address maps the same way in every archive.
 */
export class TranslationTableStore {
  readonly #core: CoreV1Api;
  readonly #logger: Logger;

  constructor(kubeConfig: KubeConfig, logger: Logger) {
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
    this.#logger = logger;
  }

  /** The stored table; an empty one when the secret is absent, unreadable or not a table (logged). */
  async load(): Promise<TranslationTable> {
    let secret: V1Secret;
    try {
      secret = await this.#core.readNamespacedSecret({ ...TRANSLATION_TABLE_SECRET });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) {
        this.#logger.info({ secret: secretName() }, 'no obfuscation translation table stored yet: starting an empty one');
      } else {
        this.#logger.warn({ secret: secretName(), err: describeApiError(error) }, 'the obfuscation translation table cannot be read: starting an empty one, so addresses may map differently than in earlier archives');
      }
      return new TranslationTable();
    }
    const encoded = secret.data?.[TRANSLATION_TABLE_KEY];
    if (encoded === undefined) {
      this.#logger.warn({ secret: secretName(), key: TRANSLATION_TABLE_KEY }, 'the obfuscation translation table secret has no table: starting an empty one');
      return new TranslationTable();
    }
    try {
      return TranslationTable.fromJSON(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
    } catch (error) {
      this.#logger.warn({ secret: secretName(), err: describeError(error) }, 'the stored obfuscation translation table is not valid: starting an empty one');
      return new TranslationTable();
    }
  }

  /**
   * Writes the table into the secret, creating it when missing. Never throws: a failure is logged at
   * error level (the archive is not affected; only later archives may map new addresses differently).
   * @returns whether the table was written
   */
  async save(table: TranslationTable): Promise<boolean> {
    const data = { [TRANSLATION_TABLE_KEY]: Buffer.from(JSON.stringify(table.toJSON()), 'utf8').toString('base64') };
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...TRANSLATION_TABLE_SECRET },
      type: 'Opaque',
      data,
    };
    try {
      try {
        // An unconditional replace: this process is the table's only writer.
        await this.#core.replaceNamespacedSecret({ ...TRANSLATION_TABLE_SECRET, body, fieldManager: 'insights-operator' });
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 404)) throw error;
        await this.#core.createNamespacedSecret({ namespace: TRANSLATION_TABLE_SECRET.namespace, body, fieldManager: 'insights-operator' });
      }
      this.#logger.debug({ secret: secretName(), addresses: table.size }, 'obfuscation translation table stored');
      return true;
    } catch (error) {
      this.#logger.error({ secret: secretName(), err: describeApiError(error) }, 'the obfuscation translation table cannot be stored: later archives may map new addresses differently');
      return false;
    }
  }
}

function secretName(): string {
  return `${TRANSLATION_TABLE_SECRET.namespace}/${TRANSLATION_TABLE_SECRET.name}`;
}
