import type { RunProgress } from '../runner/gather-runner.ts';

/**
 * A single self-rewriting status line on a terminal (`[done/total] running: …`), redrawn at most ten
 * times a second. Writes nothing when the stream is not a TTY, so logs and pipes stay clean.
 */
export function createProgressLine(stream: NodeJS.WriteStream): { update(p: RunProgress): void; clear(): void } {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const running = p.running.slice(0, 3).join(', ') + (p.running.length > 3 ? `, +${p.running.length - 3}` : '');
      const text = `[${p.done}/${p.total}] ${running ? `running: ${running}` : ''}`;
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
