import { parseArgs } from 'node:util';
import { defaultObfuscatedPath, obfuscateArchive } from '../../protect/obfuscate-archive.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';

const usage = `Usage: insights-operator obfuscate ARCHIVE [--output FILE]

Applies networking obfuscation to an existing archive (tar.gz), as the operator does with
"obfuscation: [networking]": the API host becomes <CLUSTER_DOMAIN_HOST>, the cluster base domain
<CLUSTER_BASE_DOMAIN>, addresses inside the cluster's known networks the next address of the same
network, every other IPv4/IPv6 address 0.0.0.0 / ::, in every file's content and name. The known
networks, base domain and API host are rebuilt from the archive's own files (config/network.json,
config/infrastructure.json, config/ingress.json, the install-config). gathers.json gets
is_global_obfuscation_enabled: true. The address mapping is not written anywhere.

Options:
  --output FILE   where to write (default: ARCHIVE with "-obfuscated" before .tar.gz);
                  an existing file is never overwritten
  -h, --help      show this help

Standard output: one summary line. Standard error: what could not be read from the archive.`;

/** `insights-operator obfuscate`: networking obfuscation of an existing archive. */
export const obfuscateCommand: Command = {
  name: 'obfuscate',
  summary: 'obfuscate the networking data (addresses, domains) of an existing archive',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o' } },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'ARCHIVE is missing' : `one ARCHIVE expected, got ${positionals.length}`);
    const input = positionals[0]!;
    const output = values.output ?? defaultObfuscatedPath(input);
    const result = await obfuscateArchive(input, output);
    for (const problem of result.known.problems) process.stderr.write(`insights-operator obfuscate: warning: ${problem}\n`);
    const { stats } = result;
    process.stdout.write(
      `${output}: ${stats.entries} entries, ${stats.changedContents} changed, ${stats.renamed} renamed; ` +
        `${stats.addresses} addresses and ${stats.domains} domain names replaced; ` +
        `known networks ${result.networks.join(', ')}; ` +
        `base domain ${result.known.baseDomain === undefined ? 'unknown' : 'found'}, API host ${result.known.apiHost === undefined ? 'unknown' : 'found'}` +
        `${result.metadataMarked ? '' : '; no gathers.json to mark'}\n`,
    );
    return ExitCode.Ok;
  },
};
