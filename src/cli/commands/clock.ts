import { parseArgs } from 'node:util';
import { resolveTarget } from '../target.js';
import { callAdmin, refusal } from '../admin-call.js';
import { synopsis } from '../usage.js';

/** Calls a running server's clock endpoint, signed with an account root's key from the profiles (see target.ts). */
export async function clockCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      endpoint: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const [action = 'show', amount] = positionals;
  if (!(action === 'show' || action === 'reset' || (action === 'advance' && amount !== undefined && Number.isFinite(Number(amount))))) {
    process.stderr.write(synopsis('clock'));
    return 2;
  }
  const target = resolveTarget({ dataDir: values['data-dir'], endpoint: values.endpoint, profile: values.profile });
  const body = action === 'advance' ? JSON.stringify({ advanceSeconds: Number(amount) }) : action === 'reset' ? JSON.stringify({ reset: true }) : '';
  const answer = await callAdmin(target, action === 'show' ? 'GET' : 'POST', '/_gatehouse/clock', body);
  if (answer.status !== 200) throw new Error(refusal(target, answer));
  const text = answer.text;
  const { now, offsetSeconds } = JSON.parse(text) as { now: string; offsetSeconds: number };
  process.stdout.write(`server time ${now} (offset ${offsetSeconds} s)\n`);
  return 0;
}
