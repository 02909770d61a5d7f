import { RE2JS } from 're2js';
import { defineGatheringFunction, KubeApiError, raw, record } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord } from 'insights-operator/plugin-api';
import { conditionalState } from './conditional-state.ts';
import { inOrderPool } from './in-order-pool.ts';
import { groupLogRequests, messagesAlternation } from './log-request-groups.ts';
import type { PodRegexGroup } from './log-request-groups.ts';
import { matchingLines } from './matching-lines.ts';
import { containerNames } from './pod-containers.ts';
import type { PodLike } from './pod-containers.ts';

/** How far back the logs are read: 6 hours, as the original. */
export const RAPID_LOGS_SINCE_SECONDS = 6 * 60 * 60;
/** The whole function's deadline: 5 minutes, as the original caps it. */
export const RAPID_LOGS_TIMEOUT_MS = 5 * 60 * 1000;
/** Container logs read at the same time. */
export const RAPID_LOGS_CONCURRENCY = 4;

/** One container log to read and the messages to keep from it. */
interface ContainerLogRead {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
  readonly messages: Set<string>;
}

/**
 * `conditional/rapid_container_logs` ("rapid recommendations"): for the remote configuration's
 * `container_logs` requests, the lines of the last 6 hours (with timestamps) that match the requested
 * messages, from every container of the pods whose names match the requests' pod-name regexes, current
 * or previous instance as requested. Both kinds of regex are RE2 and run with re2js, in time linear in
 * the input, so that no request can make a line take exponential time. Runs in every gather; records
 * nothing when there are no requests.
 */
export const rapidContainerLogs = defineGatheringFunction({
  description:
    'Lines of the last 6 hours matching the rules\' container_logs messages, from the current or previous logs of the containers of the pods whose names match their pod-name regexes.',
  paths: [
    'namespaces/{namespace}/pods/{pod}/{container}/current.log',
    'namespaces/{namespace}/pods/{pod}/{container}/previous.log',
  ],
  permissions: [
    { resource: 'pods', verbs: ['list'] },
    { resource: 'pods/log', verbs: ['get'] },
  ],
  timeoutMs: RAPID_LOGS_TIMEOUT_MS,
  async *gather(ctx) {
    const requests = conditionalState(ctx.plan).rules.configuration.container_logs;
    if (requests.length === 0) return;
    const compiled = new Map<string, RE2JS>();
    const compile = (pattern: string): RE2JS => compiled.get(pattern) ?? compiled.set(pattern, RE2JS.compile(pattern)).get(pattern)!;

    for (const [namespace, groups] of groupLogRequests(requests)) {
      const reads = await containerLogReads(ctx, namespace, groups, compile);
      const outcomes = inOrderPool(reads, RAPID_LOGS_CONCURRENCY, ctx.signal, (read) => filteredLog(ctx, read, compile));
      for await (const outcome of outcomes) {
        if (!outcome.ok) throw outcome.error;
        if (outcome.value !== undefined) yield outcome.value;
      }
    }
  },
});

/**
 * The container logs to read in one namespace: every container of each pod whose name a group's regex
 * matches, once per (pod, container, previous), with the messages of every group that selects it.
 * A regex that matches no pod is a warning; a listing that fails is an error, and the namespace is
 * skipped.
 */
async function containerLogReads(
  ctx: GatherContext,
  namespace: string,
  groups: readonly PodRegexGroup[],
  compile: (pattern: string) => RE2JS,
): Promise<ContainerLogRead[]> {
  const podRegexes: Array<{ group: PodRegexGroup; regex: RE2JS; matched: boolean }> = [];
  for (const group of groups) {
    try {
      podRegexes.push({ group, regex: compile(group.podNameRegex), matched: false });
    } catch (error) {
      // The rules are validated before they are used; this guards a core that let one through.
      ctx.reportError(`pod_name_regex ${JSON.stringify(group.podNameRegex)} for namespace ${namespace} is not RE2: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const reads = new Map<string, ContainerLogRead>();
  try {
    for await (const pod of ctx.kube.list<PodLike>({ apiVersion: 'v1', kind: 'Pod' }, { namespace })) {
      const name = pod.metadata?.name ?? '';
      for (const entry of podRegexes) {
        if (!entry.regex.test(name)) continue;
        entry.matched = true;
        for (const container of containerNames(pod)) {
          const key = JSON.stringify([name, container, entry.group.previous]);
          const read = reads.get(key) ?? reads.set(key, { namespace, pod: name, container, previous: entry.group.previous, messages: new Set() }).get(key)!;
          for (const message of entry.group.messages) read.messages.add(message);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(new KubeApiError(`failed to get matching pod names for namespace ${namespace}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
    return [];
  }
  for (const { group, matched } of podRegexes) {
    if (!matched) ctx.warn(`not found any data for the Pod name regex ${JSON.stringify(group.podNameRegex)} in the ${namespace} namespace: no pod matches it`);
  }
  return [...reads.values()];
}

/** One container's log of the last 6 hours, filtered to the matching lines; `undefined` when none match. */
async function filteredLog(ctx: GatherContext, read: ContainerLogRead, compile: (pattern: string) => RE2JS): Promise<GatherRecord | undefined> {
  const where = `the ${read.previous ? 'previous ' : ''}container ${read.container} in the Pod ${read.pod} in the ${read.namespace} namespace`;
  let pattern: RE2JS;
  try {
    pattern = compile(messagesAlternation(read.messages));
  } catch (error) {
    ctx.reportError(`the messages for ${where} are not RE2: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  let log: string | undefined;
  try {
    log = await ctx.kube.logs(read.namespace, read.pod, {
      container: read.container, sinceSeconds: RAPID_LOGS_SINCE_SECONDS, timestamps: true, previous: read.previous,
    });
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(new KubeApiError(`unable to read the log of ${where}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
    return undefined;
  }
  // A 400/404 (no previous instance, not started) has nothing to filter, like an empty log.
  const kept = log === undefined ? '' : matchingLines(log, (line) => pattern.test(line));
  if (kept === '') {
    ctx.warn(`not found any data for ${where}`);
    return undefined;
  }
  return record({
    name: `namespaces/${read.namespace}/pods/${read.pod}/${read.container}/${read.previous ? 'previous' : 'current'}`,
    item: raw(kept, 'log'),
  });
}
