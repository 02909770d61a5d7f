import { describe, expect, it } from 'vitest';
import { inOrderPool } from '../../../plugins/conditional/in-order-pool.ts';

describe('inOrderPool', () => {
  it('runs at most `limit` tasks at once and yields outcomes in input order, errors included', async () => {
    let running = 0;
    let most = 0;
    const resolvers: Array<() => void> = [];
    const task = async (n: number): Promise<number> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => resolvers.push(resolve));
      running -= 1;
      if (n === 3) throw new Error('three');
      return n * 10;
    };
    const pool = inOrderPool([1, 2, 3, 4, 5, 6], 2, new AbortController().signal, task);
    // Release tasks in reverse order of start as they queue up, so later ones finish first.
    const releaser = setInterval(() => resolvers.pop()?.(), 1);
    const out: unknown[] = [];
    try {
      for await (const o of pool) out.push(o.ok ? o.value : (o.error as Error).message);
    } finally {
      clearInterval(releaser);
    }
    expect(out).toEqual([10, 20, 'three', 40, 50, 60]);
    expect(most).toBe(2);
  });

  it('starts nothing new once the signal is aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const pool = inOrderPool([1, 2, 3, 4], 1, controller.signal, async (n) => {
      started.push(n);
      if (n === 2) controller.abort();
      return n;
    });
    const out: number[] = [];
    for await (const o of pool) if (o.ok) out.push(o.value);
    expect(started).toEqual([1, 2]);
    expect(out).toEqual([1, 2]);
  });
});
