/**
 * gatehouse explain PRINCIPAL ACTION [RESOURCE]: may this principal do this?
 * One function answers (src/services/explain.ts): on the data dir's store,
 * or, with --endpoint/--profile, run by the server itself for a root of its
 * accounts (POST /_gatehouse/explain). Another profile gets IAM's simulator
 * (src/cli/explain-simulator.ts), which says what it could not see.
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrincipalArn } from '../../services/iam/simulate-principal.js';
import { explainRequest, type ExplainQuery, type Explanation } from '../../services/explain.js';
import type { RequestContext } from '../../policy/index.js';
import { Store } from '../../store/index.js';
import { findProfileFiles, resolveTarget, targetIn, TargetError, type Target } from '../target.js';
import { callAdmin, refusal } from '../admin-call.js';
import { explainWithSimulator } from '../explain-simulator.js';
import { parseProblem, synopsis } from '../usage.js';

const USAGE = synopsis('explain');

/** Where explain writes; tests pass their own to run many queries in one process. */
export interface Output { out: { write(s: string): unknown }; err: { write(s: string): unknown } }

/** Exit codes: allowed, denied, usage error, and an answer that depends on what could not be seen. */
const EXIT = { Allow: 0, ExplicitDeny: 1, ImplicitDeny: 1, Unknown: 3 } as const;

export async function explainCommand(args: string[], io: Output = { out: process.stdout, err: process.stderr }): Promise<number> {
  const usage = (problem?: string) => usageTo(io, problem);
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        context: { type: 'string', multiple: true, default: [] },
        'resource-policy': { type: 'string' },
        'session-policy': { type: 'string', multiple: true, default: [] },
        'resource-owner': { type: 'string' },
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        endpoint: { type: 'string' },
        profile: { type: 'string' },
      },
    });
  } catch (e) {
    return usage(parseProblem(e as Error));
  }
  const { values, positionals } = parsed;
  const [principal, action, resource = '*'] = positionals;
  if (!principal || !action || positionals.length > 3) return usage();
  if (!parsePrincipalArn(principal)) return usage(`not a user, role or assumed-role ARN: ${principal}`);
  const context = parseContext(values.context!);
  if (typeof context === 'string') return usage(context);
  try {
    const q: ExplainQuery = {
      principal, action, resource, context, resourceOwner: values['resource-owner'],
      resourcePolicy: values['resource-policy'] === undefined ? undefined : policyFile(values['resource-policy']),
      sessionPolicies: values['session-policy']!.map(policyFile),
    };
    const x = await explain(q, { endpoint: values.endpoint, profile: values.profile, dataDir: values['data-dir'] });
    io.out.write(values.json ? `${JSON.stringify(x, null, 2)}\n` : render(x));
    return EXIT[x.decision];
  } catch (e) {
    // What could not be found or was refused is one line; the synopsis is for the arguments' own problems.
    if (e instanceof UsageError || e instanceof TargetError) return problemTo(io, e.message);
    const aws = e as { code?: string; name?: string; message: string; $metadata?: unknown };
    if (aws.$metadata || (aws.code && aws.name !== 'Error')) return problemTo(io, `${aws.code ?? aws.name}: ${aws.message}`);
    throw e;
  }
}

class UsageError extends Error {}

function problemTo(io: Output, problem: string): number {
  io.err.write(`gatehouse explain: ${problem}\n`);
  return 2;
}

function usageTo(io: Output, problem?: string): number {
  io.err.write(`${problem ? `gatehouse explain: ${problem}\n` : ''}${USAGE}`);
  return 2;
}

/** KEY=VALUE, repeated keys make a multivalued key. */
export function parseContext(pairs: string[]): RequestContext | string {
  const out: Record<string, string | string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) return `--context wants KEY=VALUE, got ${JSON.stringify(p)}`;
    const [k, v] = [p.slice(0, eq), p.slice(eq + 1)];
    const prev = out[k];
    out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
  }
  return out;
}

function policyFile(file: string) {
  try {
    return { text: readFileSync(file, 'utf8'), source: file };
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * --endpoint or --profile: the server answers (or IAM's simulator, for a profile that is no root).
 * Otherwise the store of the data dir found as every command finds one (--data-dir, the profile
 * files AWS_SHARED_CREDENTIALS_FILE names, ./.gatehouse); profile files outside a data dir mean a server.
 */
async function explain(q: ExplainQuery, opts: { endpoint?: string; profile?: string; dataDir?: string }): Promise<Explanation> {
  if (opts.endpoint === undefined && opts.profile === undefined) {
    const files = findProfileFiles({ dataDir: opts.dataDir });
    if (files.dataDir) return fromStore(q, files.dataDir);
    if (opts.dataDir !== undefined) throw new UsageError(`no Gatehouse data in ${opts.dataDir} (no gatehouse.db)`);
    return fromServer(q, targetIn(files, opts));
  }
  return fromServer(q, resolveTarget(opts));
}

function fromStore(q: ExplainQuery, dir: string): Explanation {
  const store = Store.open(join(dir, 'gatehouse.db'));
  try {
    return explainRequest(store, q);
  } finally {
    store.close();
  }
}

async function fromServer(q: ExplainQuery, target: Target): Promise<Explanation> {
  const answer = await callAdmin(target, 'POST', '/_gatehouse/explain', JSON.stringify(q));
  if (answer.status === 200) return JSON.parse(answer.text) as Explanation;
  const error = JSON.parse(answer.text) as { code?: string; message?: string };
  // The server explains itself only to its accounts' roots; anyone else asks IAM's simulator.
  if (answer.status === 403 && error.code === 'AccessDenied') return explainWithSimulator(q, target, `the server's own explanation needs an account root: ${error.message}`);
  if (answer.status === 400 || answer.status === 404) throw new UsageError(`${error.code}: ${error.message}`);
  throw new Error(refusal(target, answer));
}

const HEADLINE = { Allow: 'ALLOWED', ExplicitDeny: 'DENIED (explicit deny)', ImplicitDeny: 'DENIED (implicit deny)', Unknown: 'UNDETERMINED' } as const;

/** decision, reason, then policy type → policy → statement, matched or why not; the deciding type says why it decided. */
export function render(x: Explanation): string {
  const lines = [`${HEADLINE[x.decision]}: ${x.principal} → ${x.action} on ${x.resource}`];
  if (x.message) lines.push(`  ${x.message}`);
  const decider = x.allowed || x.decision === 'Unknown' ? undefined : x.deniedBy;
  const types = [...new Set([...x.trace.map((t) => t.policyType), ...(decider ? [decider] : [])])];
  for (const type of types) {
    lines.push(type === decider ? `${type}  (decided the denial): ${x.reason}` : type);
    const mine = x.trace.filter((t) => t.policyType === type);
    // IAM's simulator reports only the statements that decided: none of them is not no policy.
    if (mine.length === 0) lines.push(x.via ? '  (no statement applies)' : '  (no policy of this type)');
    let policy = '';
    for (const t of mine) {
      // An SCP or RCP says at which level of the organization it is attached (0 is the root).
      if (t.policyId !== policy) { lines.push(`  ${t.level !== undefined ? `[level ${t.level}] ` : ''}${t.policyId}`); policy = t.policyId; }
      lines.push(`    ${t.matched ? '✔' : '·'} ${t.effect ?? ''} ${t.statement}${t.matched ? ' — applies' : ''}${t.note ? ` — ${t.note}` : ''}`);
    }
  }
  if (!decider) lines.push(`${x.decision === 'Unknown' ? 'so far' : 'why'}: ${x.reason}`);
  if (x.missingContextValues.length) lines.push(`context keys the policies look for but were not given: ${x.missingContextValues.join(', ')}`);
  for (const u of x.unseen) lines.push(`not seen: ${u}`);
  for (const h of x.hints) lines.push(`hint: ${h}`);
  if (x.via) lines.push(`answered by ${x.via}`);
  return `${lines.join('\n')}\n`;
}
