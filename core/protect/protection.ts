/**
 * The contract of data protection (issue 7): what stands between a record and the archive. The recorder
 * applies one {@link ArchiveProtection} per gather: the secret scrubber always, networking obfuscation
 * when the configuration asks for it. Built by `secret-scrubber.ts`, `network-obfuscator.ts` and composed
 * by `archive-protection.ts`.
 */
import type { ArchiveEntry, EntryTransform } from '../recorder/recorder.ts';

/** One masked location: which file, which rule, how many hits. Never the value. */
export interface Redaction {
  readonly file: string;
  readonly rule: string;
  readonly count: number;
}

/** The last net: masks secret-looking values in an entry's content. */
export interface SecretScrubber {
  /** Returns the entry with every hit masked, and what was masked (empty when nothing was). */
  scrub(entry: ArchiveEntry): { entry: ArchiveEntry; redactions: Redaction[] };
}

/** Networking obfuscation of one archive: addresses and domains in contents and entry names. */
export interface NetworkObfuscator {
  obfuscate(entry: ArchiveEntry): ArchiveEntry;
}

/** The protection of one gather's archive. */
export interface ArchiveProtection {
  /** Applied by the recorder to every entry (name and bytes) before it is written. */
  readonly transform: EntryTransform;
  /** Whether networking obfuscation is on (`gathers.json` `is_global_obfuscation_enabled`). */
  readonly obfuscationEnabled: boolean;
  /**
   * Called once every function has finished: persists what must outlive the archive (the translation
   * table) and returns the entries to append (`insights-operator/redactions.json`).
   */
  finish(): Promise<ArchiveEntry[]>;
}
