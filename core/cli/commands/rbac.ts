import { parseArgs } from 'node:util';
import { gatherRules } from '../../rbac/policy-rules.ts';
import { assertReadOnly, GATHER_ROLE_NAME, GATHER_SERVICE_ACCOUNT, gatherRbacObjects, renderRbacYaml } from '../../rbac/rbac-manifests.ts';
import { ExitCode } from '../command.ts';
import type { Command } from '../command.ts';
import { loadDeclaredPlugins } from '../load-declared-plugins.ts';

const usage = `Usage: insights-operator rbac [options]

Prints, as YAML, the RBAC objects the gather identity needs for the loaded plugins: the ClusterRole
${GATHER_ROLE_NAME} for cluster-wide permissions, a Role of that name in each namespace that
functions read alone, and their bindings to the service account
${GATHER_SERVICE_ACCOUNT.namespace}/${GATHER_SERVICE_ACCOUNT.name}. Built from each function's declared permissions.

Options:
  --plugins-dir DIR     include the plugins of DIR (repeatable); $INSIGHTS_PLUGINS_DIRS is ignored
  -h, --help            show this help

Exit status: 0 printed; 1 a plugin failed to load or declares a verb other than get, list, watch;
2 bad usage.`;

/** `insights-operator rbac`: the gather identity's ClusterRole, Roles and bindings, as YAML. */
export const rbacCommand: Command = {
  name: 'rbac',
  summary: 'print the RBAC objects the gather identity needs for the loaded plugins',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { 'plugins-dir': { type: 'string', multiple: true } },
    });
    const plugins = await loadDeclaredPlugins(values['plugins-dir'] ?? []);
    assertReadOnly(plugins);
    process.stdout.write(renderRbacYaml(gatherRbacObjects(gatherRules(plugins))));
    return ExitCode.Ok;
  },
};
