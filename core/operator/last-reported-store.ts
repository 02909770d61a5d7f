import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import type { ClusterOperatorApi } from '../status/cluster-operator-api.ts';

/** The file in the storage directory that keeps the time of the last accepted upload. */
export const LAST_REPORTED_FILE = '.last-reported';

/**
 * When the ingress last accepted an archive. The original keeps it only in the ClusterOperator's
 * `status.extension.lastReportTime`, written by the rate-limited status loop (up to 30 s later); here it
 * is also written at once to a small file in the storage directory, so that a crash right after an
 * upload does not send the same archive again when the archives survive (an emptyDir survives a container
 * restart). At start the later of the two wins.
 */
export class LastReportedStore {
  readonly #directory: () => string;
  readonly #api: Pick<ClusterOperatorApi, 'get'>;
  readonly #logger: Logger;
  readonly #changed: () => void;
  #at: Date | undefined;

  /**
   * @param directory - the storage path (it can change with the configuration)
   * @param api - reads the ClusterOperator
   * @param changed - called after `set`, to have the status written (it carries the time)
   */
  constructor(directory: () => string, api: Pick<ClusterOperatorApi, 'get'>, logger: Logger, changed: () => void) {
    this.#directory = directory;
    this.#api = api;
    this.#logger = logger;
    this.#changed = changed;
  }

  /** Reads both copies; a copy that cannot be read counts as absent (logged). */
  async load(): Promise<void> {
    const fromFile = await this.#readFile();
    let fromStatus: Date | undefined;
    try {
      const extension = (await this.#api.get())?.status?.extension as { lastReportTime?: unknown } | undefined;
      const text = extension?.lastReportTime;
      fromStatus = typeof text === 'string' ? validDate(text) : undefined;
    } catch (error) {
      this.#logger.warn({ err: describeError(error) }, 'cannot read the last upload time from the insights ClusterOperator');
    }
    const later = [fromFile, fromStatus].filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
    if (later !== undefined && (this.#at === undefined || later > this.#at)) this.#at = later;
  }

  get(): Date | undefined {
    return this.#at;
  }

  /** Records an accepted upload: the file first (atomically), then the status. */
  async set(at: Date): Promise<void> {
    this.#at = at;
    const directory = this.#directory();
    const file = join(directory, LAST_REPORTED_FILE);
    try {
      await mkdir(directory, { recursive: true });
      await writeFile(`${file}.tmp`, `${at.toISOString()}\n`);
      await rename(`${file}.tmp`, file);
    } catch (error) {
      this.#logger.warn({ err: describeError(error), file }, 'cannot record the last upload time in the storage directory');
    }
    this.#changed();
  }

  async #readFile(): Promise<Date | undefined> {
    const file = join(this.#directory(), LAST_REPORTED_FILE);
    try {
      return validDate((await readFile(file, 'utf8')).trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#logger.warn({ err: describeError(error), file }, 'cannot read the last upload time');
      return undefined;
    }
  }
}

function validDate(text: string): Date | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
