import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { trustingAgent } from './fixtures.ts';
import { useConsoleSim } from './harness.ts';

const consoleSim = useConsoleSim({ token: 'harness-token' });

describe('useConsoleSim', () => {
  it('starts a simulator for the file and writes its CA to caFile', async () => {
    expect(readFileSync(consoleSim.caFile, 'utf8')).toBe(consoleSim.sim.caPem);
    const agent = trustingAgent(readFileSync(consoleSim.caFile, 'utf8'));
    const res = await request(`${consoleSim.sim.url}/api/gathering/v2/4.16.0/gathering_rules`, { headers: { authorization: 'Bearer harness-token' }, dispatcher: agent });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    await agent.close();
  });
});
