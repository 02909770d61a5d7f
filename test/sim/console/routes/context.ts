import type { Reply } from '../reply.ts';
import type { ConsoleState } from '../state.ts';
import type { ConsoleRequest } from '../types.ts';

/** A request as a route's default behaviour sees it. */
export interface RouteContext {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
  /** The path's captured segments, decoded. */
  params: readonly string[];
  /** The log entry, for routes that add details (the upload route). */
  record: ConsoleRequest;
  state: ConsoleState;
}

/** A route's default behaviour. */
export type RouteHandler = (context: RouteContext) => Reply | Promise<Reply>;
