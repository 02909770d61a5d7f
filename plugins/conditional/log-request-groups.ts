import type { ContainerLogRequest } from 'insights-operator/plugin-api';

/** The requests of one namespace that share a pod-name regex and `previous`, their messages unioned. */
export interface PodRegexGroup {
  readonly podNameRegex: string;
  readonly previous: boolean;
  readonly messages: ReadonlySet<string>;
}

/**
 * The `container_logs` requests grouped per namespace and, within a namespace, per (pod-name regex,
 * previous), with the messages of a group unioned, as the original groups them: each container log is
 * then read once however many requests ask for lines of it. Namespaces and groups keep the order of
 * their first request.
 * @param requests - the configuration's `container_logs`
 */
export function groupLogRequests(requests: readonly ContainerLogRequest[]): Map<string, PodRegexGroup[]> {
  const byNamespace = new Map<string, Map<string, { podNameRegex: string; previous: boolean; messages: Set<string> }>>();
  for (const request of requests) {
    const previous = request.previous === true;
    const groups = byNamespace.get(request.namespace) ?? byNamespace.set(request.namespace, new Map()).get(request.namespace)!;
    const key = JSON.stringify([request.pod_name_regex, previous]);
    const group = groups.get(key) ?? groups.set(key, { podNameRegex: request.pod_name_regex, previous, messages: new Set() }).get(key)!;
    for (const message of request.messages) group.messages.add(message);
  }
  return new Map([...byNamespace].map(([namespace, groups]) => [namespace, [...groups.values()]]));
}

/**
 * One RE2 pattern matching a line that any of `messages` matches: each message in its own
 * non-capturing group (so that a message's flags such as `(?i)` or a top-level `|` stay its own),
 * joined by `|`, sorted so that the pattern does not depend on the order of the requests.
 * @param messages - RE2 patterns
 */
export function messagesAlternation(messages: Iterable<string>): string {
  return [...new Set(messages)].sort().map((m) => `(?:${m})`).join('|');
}
