import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import type { ArchiveEntry } from '../recorder/recorder.ts';
import { readKnownNetworks } from './known-networks.ts';
import type { KnownNetworks } from './known-networks.ts';
import { createNetworkObfuscator } from './network-obfuscator.ts';
import type { ArchiveProtection, NetworkObfuscator, Redaction, SecretScrubber } from './protection.ts';
import { createSecretScrubber } from './secret-scrubber.ts';
import { TranslationTable } from './translation-table.ts';
import { TranslationTableStore } from './translation-table-store.ts';

/** Archive path of the redaction report. */
export const REDACTIONS_RECORD_NAME = 'insights-operator/redactions.json';

/** The content of `insights-operator/redactions.json`: where values were masked, never the values. */
export interface RedactionReport {
  /** One entry per file and rule, sorted by file then rule; counts summed over the file. */
  redactions: Redaction[];
  /** The sum of every count. */
  total: number;
}

/** Options of {@link createArchiveProtection}. */
export interface ArchiveProtectionOptions {
  /** Networking obfuscation on (`dataReporting.obfuscation: [networking]` or `enableGlobalObfuscation`). */
  networking: boolean;
  /**
   * The operator's own kubeconfig: reads the known networks and keeps the translation table. Without it
   * networking obfuscation still runs, with only the always-known networks and a table for this archive.
   */
  kubeConfig?: KubeConfig | undefined;
  logger: Logger;
  /** The scrubber; the built-in rules by default. */
  scrubber?: SecretScrubber | undefined;
}

/**
 * The data protection of one gather. Each entry is obfuscated first (content and name), then scrubbed,
 * so that the redaction report names the file as it stands in the archive. Networking obfuscation never
 * falls back to writing addresses as they are: when the cluster's networks cannot be read, only the
 * always-known ones (loopback) are known, and every other address becomes `0.0.0.0` or `::`.
 *
 * `finish()` stores the translation table (networking only) and returns the redaction report, which is
 * always there — `{"redactions": [], "total": 0}` when nothing was masked — so that a reader can tell
 * "nothing found" from "not scrubbed". The report covers every record before it; records written after
 * `finish()` (`gathers.json`) are still protected, and what is masked in them is only logged. A record
 * the recorder then refuses (too large, duplicate name) may still be listed.
 */
export async function createArchiveProtection(options: ArchiveProtectionOptions): Promise<ArchiveProtection> {
  const { logger } = options;
  const scrubber = options.scrubber ?? createSecretScrubber();
  const networking = options.networking ? await setUpNetworking(options.kubeConfig, logger) : undefined;
  const counts = new Map<string, Map<string, number>>();
  // Entries finish() made are final: obfuscating them again would remap the addresses they name.
  const own = new Set<string>();
  let finished = false;

  const transform = (entry: ArchiveEntry): ArchiveEntry => {
    if (own.has(entry.name)) return entry;
    const obfuscated = networking === undefined ? entry : networking.obfuscator.obfuscate(entry);
    const { entry: scrubbed, redactions } = scrubber.scrub(obfuscated);
    if (redactions.length > 0 && finished) {
      logger.warn({ file: scrubbed.name, rules: redactions.map((r) => r.rule) }, 'values masked after the redaction report was written');
    }
    if (!finished) {
      for (const { file, rule, count } of redactions) {
        const byRule = counts.get(file) ?? new Map<string, number>();
        byRule.set(rule, (byRule.get(rule) ?? 0) + count);
        counts.set(file, byRule);
      }
    }
    return scrubbed;
  };

  return {
    transform,
    obfuscationEnabled: networking !== undefined,
    async finish() {
      finished = true;
      if (networking?.store !== undefined) await networking.store.save(networking.table);
      const report = redactionReport(counts);
      if (report.total > 0) logger.info({ files: new Set(report.redactions.map((r) => r.file)).size, total: report.total }, 'secret-looking values masked');
      own.add(REDACTIONS_RECORD_NAME);
      return [{ name: REDACTIONS_RECORD_NAME, data: Buffer.from(JSON.stringify(report)) }];
    },
  };
}

interface Networking {
  obfuscator: NetworkObfuscator;
  table: TranslationTable;
  store: TranslationTableStore | undefined;
}

async function setUpNetworking(kubeConfig: KubeConfig | undefined, logger: Logger): Promise<Networking> {
  let known: KnownNetworks = { networks: [], problems: [] };
  let store: TranslationTableStore | undefined;
  let table: TranslationTable;
  if (kubeConfig === undefined) {
    logger.warn('networking obfuscation without cluster access: only loopback is a known network, and the translation table is not kept');
    table = new TranslationTable();
  } else {
    try {
      known = await readKnownNetworks(kubeConfig);
    } catch (error) {
      known = { networks: [], problems: [`the known networks cannot be read: ${describeError(error)}`] };
    }
    // Addresses outside the networks known become 0.0.0.0 or ::, so a gap here hides more, never less.
    for (const problem of known.problems) logger.warn(`networking obfuscation: ${problem}`);
    store = new TranslationTableStore(kubeConfig, logger);
    try {
      table = await store.load();
    } catch (error) {
      // The store logs and recovers itself; this is for a failure it did not foresee. Without the stored
      // table, saving would overwrite it: this archive keeps its mapping to itself.
      logger.warn({ err: describeError(error) }, 'the obfuscation translation table cannot be loaded: this archive uses its own');
      table = new TranslationTable();
      store = undefined;
    }
  }
  const obfuscator = createNetworkObfuscator({ networks: known.networks, baseDomain: known.baseDomain, apiHost: known.apiHost, table });
  logger.debug({ networks: known.networks.length, baseDomain: known.baseDomain !== undefined, apiHost: known.apiHost !== undefined }, 'networking obfuscation on');
  return { obfuscator, table, store };
}

function redactionReport(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): RedactionReport {
  const redactions: Redaction[] = [];
  for (const file of [...counts.keys()].sort()) {
    const byRule = counts.get(file)!;
    for (const rule of [...byRule.keys()].sort()) redactions.push({ file, rule, count: byRule.get(rule)! });
  }
  return { redactions, total: redactions.reduce((sum, r) => sum + r.count, 0) };
}
