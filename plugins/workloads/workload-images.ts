import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';
import { workloadArgumentString, workloadHashString } from './workload-hash.ts';

/** What the original keeps of an image (`workloadImage`; field order is the JSON's). */
export interface WorkloadImage {
  /** Layer digests, lowest first. */
  layerIDs: string[];
  /** Hash of the first entrypoint word. */
  firstCommand?: string;
  /** Hash of the first cmd word. */
  firstArg?: string;
  /** Hash of the pull spec, only for images outside Red Hat's registries. */
  repository?: string;
}

/** The images found by the time the gather stopped waiting. */
export interface WorkloadImageInfo {
  /** Every image ID looked up, found or not (the original's `imageCount`). */
  count: number;
  /** The images found with at least one layer, by ID. */
  images: Map<string, WorkloadImage>;
}

const IMAGE_TYPE = { apiVersion: 'image.openshift.io/v1', kind: 'Image' } as const;
/** Lookups in flight at once: the client's rate limiter paces them anyway. */
const CONCURRENCY = 4;

interface ImageParts {
  dockerImageReference?: string;
  dockerImageLayers?: Array<{ name?: string }>;
  dockerImageMetadata?: { ContainerConfig?: { Entrypoint?: string[] | null; Cmd?: string[] | null } };
}

/**
 * The original's `calculateWorkloadInfo`: layers, the hashed pull spec unless it is Red Hat's (a plain
 * substring test, as there), and the hashed first entrypoint and cmd words of the image's container
 * config.
 */
export function calculateWorkloadImage(image: KubeObject): WorkloadImage {
  const parts = image as ImageParts;
  const info: WorkloadImage = { layerIDs: (parts.dockerImageLayers ?? []).map((l) => l.name ?? '') };
  const reference = parts.dockerImageReference ?? '';
  const repository = reference.includes('redhat') ? '' : reference;
  const config = parts.dockerImageMetadata?.ContainerConfig;
  const entrypoint = config?.Entrypoint?.[0];
  const cmd = config?.Cmd?.[0];
  if (entrypoint !== undefined) info.firstCommand = workloadHashString(workloadArgumentString(entrypoint));
  if (cmd !== undefined) info.firstArg = workloadHashString(workloadArgumentString(cmd));
  if (repository !== '') info.repository = workloadHashString(repository);
  return info;
}

/**
 * Looks images up in `image.openshift.io` while pods are still being listed, as the original's
 * background goroutine does. A missing or unreadable image is simply not described.
 */
export class WorkloadImageCollector {
  readonly #ctx: GatherContext<any>;
  readonly #results = new Map<string, WorkloadImage | undefined>();
  readonly #queue: string[] = [];
  readonly #workers = new Set<Promise<void>>();

  constructor(ctx: GatherContext<any>) {
    this.#ctx = ctx;
  }

  /** Queues an image ID (seen once per shape); IDs already seen are ignored. */
  add(imageID: string): void {
    if (this.#results.has(imageID)) return;
    this.#results.set(imageID, undefined);
    this.#queue.push(imageID);
    if (this.#workers.size < CONCURRENCY) {
      const worker: Promise<void> = this.#work().finally(() => this.#workers.delete(worker));
      this.#workers.add(worker);
    }
  }

  async #work(): Promise<void> {
    for (let id = this.#queue.shift(); id !== undefined; id = this.#queue.shift()) {
      if (this.#ctx.signal.aborted) return;
      try {
        const image = await this.#ctx.kube.get(IMAGE_TYPE, id);
        if (image !== undefined) this.#results.set(id, calculateWorkloadImage(image));
      } catch (err) {
        this.#ctx.log.debug(`workload_info: unable to retrieve image ${id}: ${String(err instanceof Error ? err.message : err)}`);
      }
    }
  }

  /**
   * The images looked up, once every lookup is done, or `undefined` when that takes longer than
   * `waitMs` (the original then records no image at all).
   */
  async finish(waitMs: number): Promise<WorkloadImageInfo | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
      timer.unref?.();
    });
    const done = (async () => {
      while (this.#workers.size > 0) await Promise.all([...this.#workers]);
      return 'done' as const;
    })();
    try {
      if ((await Promise.race([done, timedOut])) === 'timeout') return undefined;
    } finally {
      clearTimeout(timer);
    }
    const images = new Map<string, WorkloadImage>();
    for (const [id, image] of this.#results) if (image !== undefined && image.layerIDs.length > 0) images.set(id, image);
    return { count: this.#results.size, images };
  }
}
