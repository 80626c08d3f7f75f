/**
 * gatehouse explain PRINCIPAL ACTION [RESOURCE]: may this principal do this?
 * Answered from a data dir (the store read directly, the full trace) or from
 * a running server (IAM's SimulatePrincipalPolicy, its deciding statements).
 * Like IAM's simulator, only the context given with --context is used, plus
 * what the engine knows of the principal (ARN, ids, tags).
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAwsError } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import { compilePolicy, denialMessage, validatePolicy, type AttachedPolicy, type Decision, type PolicyKind, type RequestContext } from '../../policy/index.js';
import { DEFAULT_DATA_DIR } from '../../server/start.js';
import { Store } from '../../store/index.js';
import { trustPolicyOf } from '../../services/iam/public.js';
import { parsePrincipalArn, principalFromArn } from '../../services/iam/simulate-principal.js';
import { simulateOne } from '../../services/iam/simulate-results.js';
import { parseProblem, synopsis } from '../usage.js';

const USAGE = synopsis('explain');

/** What both modes print: the engine's decision names, the reason, and the statements behind it. */
export interface Explanation {
  principal: string;
  action: string;
  resource: string;
  decision: Decision['decision'];
  allowed: boolean;
  deniedBy?: string;
  message?: string;
  missingContextValues: string[];
  /** Every statement evaluated (data dir), or only the deciding ones (server). */
  trace: Array<{ policyType: string; policyId: string; statement: string; effect?: string; matched: boolean; note?: string }>;
}

/** Where explain writes; tests pass their own to run many queries in one process. */
export interface Output { out: { write(s: string): unknown }; err: { write(s: string): unknown } }

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
    const q: Query = {
      principal, action, resource, context, resourceOwner: values['resource-owner'],
      resourcePolicy: values['resource-policy'], sessionPolicies: values['session-policy']!,
    };
    const x = values.endpoint
      ? await viaServer(q, values.endpoint, values.profile, values['data-dir'])
      : fromDataDir(q, resolve(values['data-dir'] ?? DEFAULT_DATA_DIR));
    io.out.write(values.json ? `${JSON.stringify(x, null, 2)}\n` : render(x));
    return x.allowed ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    if (isAwsError(e) || (e as { $metadata?: unknown }).$metadata) return usage(`${(e as Error).name === 'Error' ? (e as { code?: string }).code : (e as Error).name}: ${(e as Error).message}`);
    throw e;
  }
}

class UsageError extends Error {}

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

interface Query {
  principal: string; action: string; resource: string; context: RequestContext;
  resourceOwner?: string; resourcePolicy?: string; sessionPolicies: string[];
}

function policyFile(file: string, kind: PolicyKind, id: string): AttachedPolicy {
  const text = readFileSync(file, 'utf8');
  const problems = validatePolicy(text, kind);
  if (problems.length > 0) throw new UsageError(`${file}:${problems[0].line}:${problems[0].column}: ${problems[0].message} ${problems[0].detail ?? ''}`.trim());
  return { id, policy: compilePolicy(text) };
}

function fromDataDir(q: Query, dir: string): Explanation {
  const dbFile = join(dir, 'gatehouse.db');
  if (!existsSync(dbFile)) throw new UsageError(`no Gatehouse data in ${dir}`);
  const store = Store.open(dbFile);
  try {
    const who = principalFromArn(store, q.principal);
    // sts:AssumeRole on a role is judged against that role's trust policy.
    const role = parseArn(q.resource);
    const roleName = role?.service === 'iam' && /^sts:assumerole/i.test(q.action) ? /^role\/(?:.*\/)?([^/]+)$/.exec(role.resource)?.[1] : undefined;
    const resource = q.resourcePolicy ? policyFile(q.resourcePolicy, 'resource', 'ResourcePolicy') : roleName ? trustPolicyOf(store, role!.account, roleName) : undefined;
    const session = q.sessionPolicies.map((f, i) => policyFile(f, 'session', `SessionPolicy.${i + 1}`));
    const sim = { principal: who.info, policies: { ...who.policies, resource, session: session.length ? session : undefined }, resourceOwner: q.resourceOwner, context: q.context };
    const { request, decision, missing } = simulateOne(sim, q.action, q.resource);
    return {
      principal: q.principal, action: q.action, resource: q.resource, decision: decision.decision, allowed: decision.allowed,
      deniedBy: decision.deniedBy, message: denialMessage(request, decision) || undefined, missingContextValues: missing,
      trace: decision.trace.map((t) => ({ policyType: t.policyType, policyId: t.policyId, statement: t.statement, effect: t.effect, matched: t.matched, note: t.note })),
    };
  } finally {
    store.close();
  }
}

const DECISION = { allowed: 'Allow', explicitDeny: 'ExplicitDeny', implicitDeny: 'ImplicitDeny' } as const;

async function viaServer(q: Query, endpoint: string, profile: string | undefined, dataDir: string | undefined): Promise<Explanation> {
  if (q.sessionPolicies.length) throw new UsageError('--session-policy needs --data-dir: IAM\'s simulator takes no session policies');
  // The data dir's profile files, unless the environment names others.
  const dir = resolve(dataDir ?? DEFAULT_DATA_DIR);
  if (!process.env.AWS_SHARED_CREDENTIALS_FILE && existsSync(join(dir, 'aws', 'credentials'))) process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'aws', 'credentials');
  if (!process.env.AWS_CONFIG_FILE && existsSync(join(dir, 'aws', 'config'))) process.env.AWS_CONFIG_FILE = join(dir, 'aws', 'config');
  const { IAMClient, SimulatePrincipalPolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ endpoint, profile, region: 'us-east-1', maxAttempts: 1 });
  const p = parsePrincipalArn(q.principal)!;
  const source = p.session ? `arn:aws:iam::${p.account}:role/${p.name}` : q.principal;
  const out = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: source, ActionNames: [q.action], ResourceArns: q.resource === '*' ? undefined : [q.resource],
    CallerArn: p.kind === 'user' && q.resourcePolicy ? q.principal : undefined,
    ResourcePolicy: q.resourcePolicy ? readFileSync(q.resourcePolicy, 'utf8') : undefined,
    ResourceOwner: q.resourceOwner,
    ContextEntries: Object.entries(q.context).map(([k, v]) => ({ ContextKeyName: k, ContextKeyValues: ([] as string[]).concat(v ?? []), ContextKeyType: Array.isArray(v) ? 'stringList' : 'string' })),
  }));
  const r = out.EvaluationResults![0];
  const decision = DECISION[r.EvalDecision as keyof typeof DECISION];
  return {
    principal: q.principal, action: q.action, resource: q.resource, decision, allowed: decision === 'Allow',
    missingContextValues: r.MissingContextValues ?? [],
    trace: (r.MatchedStatements ?? []).map((s) => ({
      policyType: s.SourcePolicyType ?? 'none', policyId: s.SourcePolicyId ?? '?', matched: true,
      statement: s.StartPosition ? `lines ${s.StartPosition.Line}-${s.EndPosition?.Line}` : '?',
      effect: decision === 'ExplicitDeny' ? 'Deny' : 'Allow',
    })),
  };
}

/** decision, reason, then policy type → policy → statement, matched or why not. */
export function render(x: Explanation): string {
  const verb = x.allowed ? 'ALLOWED' : x.decision === 'ExplicitDeny' ? 'DENIED (explicit deny)' : 'DENIED (implicit deny)';
  const lines = [`${verb}: ${x.principal} → ${x.action} on ${x.resource}`];
  if (x.message) lines.push(`  ${x.message}`);
  let type = '';
  let policy = '';
  for (const t of x.trace) {
    if (t.policyType !== type) { lines.push(`${t.policyType}${x.deniedBy === t.policyType ? '  (decided the denial)' : ''}`); type = t.policyType; policy = ''; }
    if (t.policyId !== policy) { lines.push(`  ${t.policyId}`); policy = t.policyId; }
    lines.push(`    ${t.matched ? '✔' : '·'} ${t.effect ?? ''} ${t.statement}${t.matched ? ' — applies' : ''}${t.note ? ` — ${t.note}` : ''}`);
  }
  if (x.trace.length === 0) lines.push('  (no statement applies)');
  if (x.missingContextValues.length) lines.push(`context keys the policies look for but were not given: ${x.missingContextValues.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
