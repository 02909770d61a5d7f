/**
 * `--cpu-report`: the simulator answers commands on stdin with one JSON line each on stdout, so a
 * benchmark in another process can read the CPU time the simulator spent serving it.
 *   cpu            → {"user":µs,"system":µs}          process.cpuUsage() of the simulator
 *   stringify-pods → {"pods":n,"bytes":n,"cpuUs":µs}  CPU time of JSON.stringify over every pod
 *                    (500 at a time, as objects parsed beforehand), the baseline of serving them
 */
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { ObjectStore } from './store.ts';

const PAGE = 500;

/** CPU microseconds JSON.stringify takes over every pod of the store, in pages of PAGE objects. */
export function stringifyPodsCpu(store: ObjectStore): { pods: number; bytes: number; cpuUs: number } {
  const entries = store.sortedEntries(store.registry.byKind('v1', 'Pod')!);
  let cpuUs = 0;
  let bytes = 0;
  for (let i = 0; i < entries.length; i += PAGE) {
    // The objects exist before the clock starts: the baseline is serializing, not parsing.
    const page = entries.slice(i, i + PAGE).map((e) => ({ apiVersion: 'v1', kind: 'Pod', ...(JSON.parse(e.body) as object) }));
    const before = process.cpuUsage();
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: page });
    const spent = process.cpuUsage(before);
    cpuUs += spent.user + spent.system;
    bytes += text.length;
  }
  return { pods: entries.length, bytes, cpuUs };
}

export function serveCpuReports(store: ObjectStore, input: Readable, output: Writable): void {
  const lines = createInterface({ input });
  lines.on('line', (line) => {
    const command = line.trim();
    let reply: unknown;
    if (command === 'cpu') reply = process.cpuUsage();
    else if (command === 'stringify-pods') reply = stringifyPodsCpu(store);
    else reply = { error: `unknown command '${command}' (cpu, stringify-pods)` };
    output.write(`${JSON.stringify(reply)}\n`);
  });
}
