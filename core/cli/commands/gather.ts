import { parseArgs } from 'node:util';
import { readOperatorConfig } from '../../config/operator-config.ts';
import type { OperatorConfigFile } from '../../config/operator-config.ts';
import { composeContainer } from '../../container/composition-root.ts';
import { Tokens } from '../../container/tokens.ts';
import { resolveGatherSettings } from '../../gather/gather-settings.ts';
import { checkReachable, connectKube } from '../../kube/connect.ts';
import { loadPlugins } from '../../loader/plugin-loader.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';
import { parseLogLevel } from '../parse-log-level.ts';
import { extraPluginDirs } from '../plugin-dirs.ts';
import { createProgressLine } from '../progress-line.ts';
import { formatSummaryTable } from '../summary-table.ts';

const usage = `Usage: insights-operator gather [options]

Gathers once from the cluster and writes one archive, without uploading it.

Options:
  --kubeconfig FILE     kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, in-cluster)
  --config FILE         operator configuration (config/pod.yaml format)
  --output DIR          where to write the archive (default: the config's storagePath,
                        else /var/lib/insights-operator)
  --disable NAME        disable "all", a plugin, or plugin/function (repeatable)
  --plugins-dir DIR     load plugins from DIR too (repeatable; also $INSIGHTS_PLUGINS_DIRS)
  --concurrency N       functions run at once (default: 4 x CPUs)
  --timeout DURATION    deadline of every function, e.g. 90s, 5m (default: 5m)
  --impersonate USER    gather as USER (default: the config's impersonate, else yourself)
  --log-level LEVEL     trace|debug|info|warn|error|silent (default: warn)
  -h, --help            show this help
      --version         show the version

Prints a summary table, then the archive's path as the last line of standard output.
Exit status: 0 archive written (even if some functions failed); 1 nothing could be gathered
(cluster unreachable, bad kubeconfig or configuration, archive not writable); 2 bad usage;
3 nothing selected (every function disabled).`;

/** `insights-operator gather`: one gather, one archive, a summary. */
export const gatherCommand: Command = {
  name: 'gather',
  summary: 'gather once and write an archive, without uploading it',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        config: { type: 'string' },
        output: { type: 'string' },
        disable: { type: 'string', multiple: true },
        'plugins-dir': { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        impersonate: { type: 'string' },
        'log-level': { type: 'string' },
      },
    });
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new UsageError(`--concurrency: "${values.concurrency}" is not a positive integer`);
    }
    const level = parseLogLevel(values['log-level'] ?? 'warn');
    const logger = createLogger({ level });
    const config: Readonly<OperatorConfigFile> = values.config === undefined ? {} : await readOperatorConfig(values.config);
    const settings = resolveGatherSettings(config, {
      storagePath: values.output,
      disabled: values.disable,
      concurrency,
      timeout: values.timeout,
    });
    const plugins = await loadPlugins({ extraDirs: extraPluginDirs(config, values['plugins-dir']) });
    for (const failure of plugins.failures) process.stderr.write(`plugin skipped: ${failure.reason}\n`);

    const container = composeContainer({
      logger,
      config,
      plugins,
      kube: () => connectKube({
        kubeconfig: values.kubeconfig,
        impersonate: values.impersonate ?? config.impersonate,
        qps: config.gather?.kubeQPS,
        burst: config.gather?.kubeBurst,
      }),
    });
    const cancel = new AbortController();
    const onSigint = () => {
      if (cancel.signal.aborted) process.exit(130);
      process.stderr.write('\ninterrupted: finishing the archive with what was gathered (Ctrl-C again to quit)\n');
      cancel.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onSigint);
    const progress = createProgressLine(process.stderr);
    try {
      const outcome = await container.resolve(Tokens.GatherService).gather(settings, {
        signal: cancel.signal,
        onProgress: (p) => progress.update(p),
        beforeRun: async () => {
          await checkReachable(container.resolve(Tokens.Kube), cancel.signal);
        },
      });
      progress.clear();
      if (outcome.archivePath === undefined) {
        process.stderr.write(`${outcome.reason ?? 'no archive written'}\n`);
        return ExitCode.NothingToDo;
      }
      process.stdout.write(`${formatSummaryTable(outcome.reports)}\n`);
      for (const name of outcome.metadata?.unknown_disabled_gatherers ?? []) {
        process.stdout.write(`warning: --disable/disabledGatherers "${name}" names no loaded plugin or function\n`);
      }
      process.stdout.write(`\n${outcome.archivePath}\n`);
      return ExitCode.Ok;
    } finally {
      progress.clear();
      process.off('SIGINT', onSigint);
    }
  },
};
