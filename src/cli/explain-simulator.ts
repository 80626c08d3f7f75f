/**
 * `gatehouse explain --endpoint` for a profile that is no account root (the
 * server explains itself only to its roots): IAM's SimulatePrincipalPolicy
 * as that profile, with the role's trust policy read through GetRole by a
 * profile of the role's account when there is one. What could not be read is
 * said, and the decision is Unknown rather than guessed when it depends on it.
 * IAM's simulator reads no resource policy itself ("SimulatePrincipalPolicy":
 * ResourcePolicy), and takes one only for a user (CallerArn must be a user).
 */
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../core/arn.js';
import { decidingSide, isRoleTrustRequest, principalLabel, type Decision, type PrincipalInfo, type TraceEntry } from '../policy/index.js';
import { actionHint } from '../services/known-actions.js';
import type { ExplainQuery, Explanation } from '../services/explain.js';
import { parsePrincipalArn } from '../services/iam/simulate-principal.js';
import { roleNameOf } from '../services/sts/assume-role.js';
import { readProfiles, type Credentials, type Target } from './target.js';

const DECISION = { allowed: 'Allow', explicitDeny: 'ExplicitDeny', implicitDeny: 'ImplicitDeny' } as const;

const clientConfig = (target: Target, credentials: Credentials) => ({ endpoint: target.endpoint, region: target.region, credentials, maxAttempts: 1 });
const awsProblem = (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`;

/** The trust policy of a role, read by the first profile of the role's account that may (the chosen profile first). */
async function readTrustPolicy(target: Target, roleArn: string): Promise<{ text?: string; problems: string[] }> {
  const role = parseArn(roleArn)!;
  const name = roleNameOf(role.resource)!;
  const others = readProfiles(target).filter((p) => p.credentials && p.name !== target.profile && (p.endpoint ?? target.endpoint) === target.endpoint);
  const problems: string[] = [];
  let ofAccount = 0;
  for (const p of [{ name: target.profile, credentials: target.credentials }, ...others]) {
    try {
      const me = await new STSClient(clientConfig(target, p.credentials!)).send(new GetCallerIdentityCommand({}));
      if (me.Account !== role.account) continue;
      ofAccount++;
      const r = await new IAMClient(clientConfig(target, p.credentials!)).send(new GetRoleCommand({ RoleName: name }));
      return { text: decodeURIComponent(r.Role!.AssumeRolePolicyDocument!), problems };
    } catch (e) {
      problems.push(`with profile ${p.name}: ${awsProblem(e)}`);
    }
  }
  if (ofAccount === 0) problems.push(`no profile of ${target.credentialsFile} is of account ${role.account}`);
  return { problems };
}

/** Allows the caller's whole account, as a trust policy naming its root would: the caller's own policies then decide. */
const trustingAccount = (account: string, action: string, roleArn: string) => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action, Resource: roleArn }],
});

/** A trust policy as the simulator takes a resource policy: every statement names its resource, the role (a trust policy names none). */
function asResourcePolicy(trust: string, roleArn: string): string {
  const doc = JSON.parse(trust) as { Statement?: Record<string, unknown> | Array<Record<string, unknown>> };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  for (const st of statements) if (st.Resource === undefined && st.NotResource === undefined) st.Resource = roleArn;
  return JSON.stringify(doc);
}

export async function explainWithSimulator(q: ExplainQuery, target: Target, whyNotServer: string): Promise<Explanation> {
  if (q.sessionPolicies.length) throw new Error('--session-policy needs the server\'s own explanation (a root profile) or --data-dir: IAM\'s simulator takes no session policies');
  const p = parsePrincipalArn(q.principal)!;
  const iam = new IAMClient(clientConfig(target, target.credentials));
  const unseen: string[] = [];
  const trust = isRoleTrustRequest(q);
  const isUser = p.kind === 'user';
  let resourcePolicy = q.resourcePolicy?.text;
  let resourceOwner = q.resourceOwner;
  if (!resourcePolicy && trust) {
    const read = await readTrustPolicy(target, q.resource);
    resourcePolicy = read.text && asResourcePolicy(read.text, q.resource);
    resourceOwner = parseArn(q.resource)!.account;
    if (!read.text) unseen.push(`the trust policy of ${q.resource} could not be read (${read.problems.join('; ')})`);
  } else if (!resourcePolicy && /^arn:aws:s3:::/.test(q.resource)) {
    unseen.push(`the policy and owner of the bucket of ${q.resource}: IAM's simulator reads neither (give them with --resource-policy and --resource-owner)`);
  }
  if (resourcePolicy && !isUser) {
    unseen.push(`the resource's policy: IAM's simulator judges one only for an IAM user (CallerArn), not for ${q.principal}`);
    resourcePolicy = undefined;
  }

  const simulate = async (policy: string | undefined, owner: string | undefined): Promise<EvaluationResult> => (await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: p.session ? `arn:aws:iam::${p.account}:role/${p.name}` : q.principal,
    ActionNames: [q.action], ResourceArns: q.resource === '*' ? undefined : [q.resource],
    CallerArn: isUser && policy ? q.principal : undefined, ResourcePolicy: policy, ResourceOwner: owner,
    ContextEntries: Object.entries(q.context).map(([k, v]) => ({ ContextKeyName: k, ContextKeyValues: ([] as string[]).concat(v ?? []), ContextKeyType: Array.isArray(v) ? 'stringList' : 'string' })),
  }))).EvaluationResults![0];

  // The caller's own side alone: as if the resource trusted the caller's whole account.
  const own = trust && isUser ? await simulate(trustingAccount(p.account, q.action, q.resource), parseArn(q.resource)!.account) : await simulate(undefined, q.resourceOwner);
  const full = resourcePolicy ? await simulate(resourcePolicy, resourceOwner) : undefined;
  const ownDecision = DECISION[own.EvalDecision as keyof typeof DECISION];
  const decided = full ?? own;
  let decision: Explanation['decision'] = DECISION[decided.EvalDecision as keyof typeof DECISION];
  // Without the resource's side only a denial of the caller's own side is sure, and only where both sides must allow.
  // A role's own side of a trust request cannot be simulated at all (the stand-in trust policy needs a user): only its explicit denies show.
  const ownKnown = !trust || isUser;
  if (!ownKnown) unseen.push(`${q.principal}'s own side: IAM's simulator judges a role's sts:AssumeRole only with a trust policy, and takes one only for a user`);
  const bothMustAllow = trust || (resourceOwner !== undefined && resourceOwner !== p.account);
  const sureDenial = ownDecision === 'ExplicitDeny' || (ownKnown && ownDecision === 'ImplicitDeny' && bothMustAllow);
  if (!full && unseen.length && !sureDenial) decision = 'Unknown';

  // The stand-in trust policy of the caller's own side is no statement of the user's: only identity statements come from it.
  const mine = (own.MatchedStatements ?? []).filter((st) => st.SourcePolicyType !== 'resource');
  const statements = full ? [...(full.MatchedStatements ?? []), ...(decision === 'ImplicitDeny' ? mine : [])] : mine;
  const resourceName = trust ? `${q.resource} (trust policy)` : 'ResourcePolicy';
  const trace = statements.map((st) => ({
    policyType: st.SourcePolicyType === 'resource' ? 'resource' : 'identity',
    policyId: st.SourcePolicyType === 'resource' ? resourceName : st.SourcePolicyId ?? '?', matched: true,
    statement: st.StartPosition ? `lines ${st.StartPosition.Line}-${st.EndPosition?.Line}` : '?',
    effect: decision === 'ExplicitDeny' ? 'Deny' : 'Allow',
  }));
  const deniedBy = decision === 'ExplicitDeny' ? (trace.some((t) => t.policyType === 'resource') ? 'resource' : 'identity')
    : decision === 'ImplicitDeny' ? (ownDecision === 'Allow' ? 'resource' : 'identity') : undefined;
  const info: PrincipalInfo = { type: isUser ? 'User' : 'AssumedRole', arn: q.principal, account: p.account, roleArn: isUser ? undefined : `arn:aws:iam::${p.account}:role/${p.name}` };
  const asDecision: Decision = {
    decision: decision === 'Unknown' ? 'ImplicitDeny' : decision, allowed: decision === 'Allow', deniedBy: deniedBy as Decision['deniedBy'],
    trace: trace.map((t) => ({ ...t, policyType: t.policyType as TraceEntry['policyType'], effect: t.effect as 'Allow' | 'Deny' })),
  };
  const request = { principal: info, action: q.action, resource: q.resource, resourceAccount: resourceOwner, context: q.context };
  const reason = decision === 'Unknown'
    ? (ownKnown ? `${principalLabel(info)}'s own policies ${ownDecision === 'Allow' ? 'allow' : 'do not allow'} it; the answer covers the identity side only` : 'neither side could be judged')
    : decidingSide(request, asDecision);
  return {
    principal: q.principal, action: q.action, resource: q.resource, decision, allowed: decision === 'Allow', deniedBy, reason,
    missingContextValues: [...new Set([...(own.MissingContextValues ?? []), ...(full?.MissingContextValues ?? [])])],
    trace, unseen, hints: [actionHint(q.action)].filter((h): h is string => h !== undefined),
    via: `IAM's SimulatePrincipalPolicy as profile ${target.profile} (${whyNotServer})`,
  };
}
