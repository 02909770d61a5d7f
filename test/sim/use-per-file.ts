/**
 * One simulator per vitest file, for the simulators' `use…` harnesses: started in beforeAll (after which
 * `setUp` writes what the tests need into a fresh temporary directory), closed in afterAll, which also
 * removes that directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface PerFile<S> {
  /** The running simulator; throws before beforeAll has run. */
  readonly current: () => S;
  /** The temporary directory, removed in afterAll. */
  readonly dir: string;
}

export function usePerFile<S extends { close(): Promise<void> }>(
  name: string,
  start: () => Promise<S>,
  setUp: (server: S, dir: string) => Promise<void> | void,
): PerFile<S> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
    await setUp(server, dir);
  }, 120_000);
  afterAll(async () => {
    try {
      await server?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    current: () => {
      if (server === undefined) throw new Error(`${name}: the simulator starts in beforeAll; read it inside hooks and tests`);
      return server;
    },
    dir,
  };
}
