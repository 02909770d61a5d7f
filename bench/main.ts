// npm run bench: every benchmark, each against a baseline measured in the same run (these machines are
// shared and noisy, so only ratios mean anything), then one table. Exits 1 if a target is missed.
import { benchGatherRss } from './gather-rss.ts';
import { benchOperatorIdle } from './operator-idle.ts';
import { benchProtectionCost } from './protection-cost.ts';
import { benchSimList } from './kube-sim-list.ts';
import { formatTable } from './measure.ts';
import type { BenchRow } from './measure.ts';
import { benchRecorderThroughput } from './recorder-throughput.ts';
import { benchRunnerOverhead } from './runner-overhead.ts';
import { benchScrubThroughput } from './scrub-throughput.ts';
import { benchWorkloadsRss } from './workloads-rss.ts';

const rows: BenchRow[] = [];
for (const [label, bench] of [
  ['recorder throughput', benchRecorderThroughput],
  ['gather peak RSS', benchGatherRss],
  ['runner overhead', benchRunnerOverhead],
  ['simulator list serving', benchSimList],
  ['operator start-up and idle RSS', benchOperatorIdle],
  ['data protection cost', benchProtectionCost],
  ['secret scrubber throughput', benchScrubThroughput],
  ['workloads peak RSS on a huge cluster', benchWorkloadsRss],
] as const) {
  process.stderr.write(`running: ${label}...\n`);
  try {
    rows.push(...[await bench()].flat());
  } catch (error) {
    // One broken benchmark must not lose the figures of the others: it becomes a failed row.
    process.stderr.write(`${label} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    rows.push({ name: label, measured: 'failed', baseline: '-', ratio: Number.NaN, target: '-', pass: false });
  }
}
process.stdout.write(`\n${formatTable(rows)}\n`);
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
