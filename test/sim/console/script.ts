import type { ConsoleRoute, ScriptedResponse } from './types.ts';

const ROUTES: ReadonlySet<string> = new Set<ConsoleRoute>(['upload', 'report', 'rules', 'sca', 'transfers']);

/** Per-route FIFOs of scripted responses. */
export class ScriptQueues {
  private readonly queues = new Map<ConsoleRoute, ScriptedResponse[]>();

  /** Appends to a route's queue; an unknown route is a mistake in the test, so it throws. */
  add(route: ConsoleRoute, responses: readonly ScriptedResponse[]): void {
    if (!ROUTES.has(route)) throw new Error(`console-sim: unknown route "${String(route)}" (routes: ${[...ROUTES].join(', ')})`);
    const queue = this.queues.get(route) ?? [];
    queue.push(...responses.map((r) => ({ ...r })));
    this.queues.set(route, queue);
  }

  /** The next scripted response of a route, removed from its queue. */
  next(route: ConsoleRoute): ScriptedResponse | undefined {
    return this.queues.get(route)?.shift();
  }

  /** How many scripted responses a route has left. */
  pending(route: ConsoleRoute): number {
    return this.queues.get(route)?.length ?? 0;
  }
}
