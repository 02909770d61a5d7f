import { describe, expect, it } from 'vitest';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';

describe('createOperatorMetrics: upload metrics', () => {
  it('counts corrupt archives in insights_corrupt_archives_total, from 0', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    expect(await metrics.registry.metrics()).toContain('insights_corrupt_archives_total 0\n');
    metrics.countCorruptArchive();
    metrics.countCorruptArchive();
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE insights_corrupt_archives_total counter\n');
    expect(text).toContain('insights_corrupt_archives_total 2\n');
  });
});
