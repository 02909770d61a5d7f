/**
 * Structured logger handed to each gathering function, already bound to its plugin and function name.
 * The first argument may be an object of fields; never put a credential in either.
 */
export interface PluginLogger {
  debug(msg: string): void;
  debug(fields: Record<string, unknown>, msg: string): void;
  info(msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}
