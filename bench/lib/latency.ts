/** End-to-end latency through the JS SDK v3: sequential GetCallerIdentity calls, one client. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { sts } from './scenario.js';
import type { Creds } from './sign.js';

export interface Latency { calls: number; p50ms: number; p99ms: number; meanMs: number; errors: number }

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function sdkLatency(endpoint: string, creds: Creds, calls: number, warmup = 200): Promise<Latency> {
  const client = sts(endpoint, creds);
  const cmd = new GetCallerIdentityCommand({});
  let errors = 0;
  for (let i = 0; i < warmup; i++) await client.send(cmd).catch(() => { errors++; });
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    try { await client.send(cmd); } catch { errors++; }
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  client.destroy();
  times.sort((a, b) => a - b);
  return { calls, p50ms: percentile(times, 50), p99ms: percentile(times, 99), meanMs: times.reduce((a, b) => a + b, 0) / calls, errors };
}
