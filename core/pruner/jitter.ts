/**
 * A duration between `base` and `base × (1 + maxFactor)`, as Kubernetes' `wait.Jitter` (a
 * `maxFactor` ≤ 0 means 1). The original prunes every `Jitter(2 × interval, 1.2)`: 2h → 4h..8.8h.
 * @param random a `Math.random`-like source, injectable for tests
 */
export function jitter(baseMs: number, maxFactor: number, random: () => number = Math.random): number {
  const factor = maxFactor > 0 ? maxFactor : 1;
  return baseMs + random() * factor * baseMs;
}
