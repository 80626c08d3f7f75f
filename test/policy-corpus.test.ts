/**
 * The decision corpus (test/policy-corpus/*.json): cases taken from AWS's
 * documentation of each evaluation rule, each run three ways — the library,
 * `gatehouse explain --json` on a data dir populated through IAM (the built
 * command for the first case of each file, the command module in-process for
 * the rest), and the
 * HTTP API (a real AssumeRole where the case is one, else
 * SimulatePrincipalPolicy) — and every way must give AWS's documented answer.
 * A case the API cannot express (session policies, the root user, a role
 * session named by a resource policy) says so in the test's diagnostics.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IAMClient, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand, PutUserPolicyCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { compilePolicy, denialMessage, evaluate, type PolicySet, type PrincipalInfo, type RequestContext } from '../src/policy/index.js';
import { explainCommand } from '../src/cli/commands/explain.js';
import { TestGatehouse, cleanEnv, run } from './support/gatehouse.js';

interface Case {
  name: string;
  source?: string;
  principal: string;
  principalTags?: Record<string, string>;
  identity: object[];
  boundary?: object;
  session?: object[];
  resourcePolicy?: object;
  action: string;
  resource: string;
  resourceOwner?: string;
  /** Organization policies (organizations.json): one list of documents per level, root first. */
  scps?: object[][];
  rcps?: object[][];
  principalIsManagementAccount?: boolean;
  resourceIsInManagementAccount?: boolean;
  context?: RequestContext;
  expect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  deniedBy?: string;
  message?: string;
}

const dir = new URL('./policy-corpus/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const ACCOUNTS = ['a=111122223333', 'b=444455556666'];
const EVAL_DECISION = { allowed: 'Allow', explicitDeny: 'ExplicitDeny', implicitDeny: 'ImplicitDeny' } as const;

/** arn:aws:iam::A:user/N, arn:aws:iam::A:root, arn:aws:sts::A:assumed-role/R/S */
function principalOf(c: Case): PrincipalInfo & { kind: 'user' | 'root' | 'session'; name: string } {
  const [, , service, , account, resource] = c.principal.split(':');
  if (resource === 'root') return { kind: 'root', name: 'root', type: 'Root', arn: c.principal, account };
  if (service === 'sts') {
    const [, role] = resource.split('/');
    return { kind: 'session', name: role, type: 'AssumedRole', arn: c.principal, account, roleArn: `arn:aws:iam::${account}:role/${role}`, tags: c.principalTags };
  }
  const name = resource.split('/').pop()!;
  return { kind: 'user', name, type: 'User', arn: c.principal, account, username: name, tags: c.principalTags };
}

const isOrganizationsCase = (c: Case) => c.scps !== undefined || c.rcps !== undefined || c.principalIsManagementAccount !== undefined || c.resourceIsInManagementAccount !== undefined;
const isTrustCase = (c: Case) => /^sts:assumerole$/i.test(c.action) && /:role\//.test(c.resource);
const text = (o: object) => JSON.stringify(o, null, 2);

function viaLibrary(c: Case) {
  const p = principalOf(c);
  const compiled = (o: object, id: string) => ({ id, policy: compilePolicy(text(o)) });
  const policies: PolicySet = {
    identity: c.identity.map((d, i) => compiled(d, `p${i + 1}`)),
    boundary: c.boundary && compiled(c.boundary, 'boundary'),
    session: c.session?.map((d, i) => compiled(d, `session${i + 1}`)),
    resource: c.resourcePolicy && compiled(c.resourcePolicy, 'resource'),
    scps: c.scps?.map((level, l) => level.map((d, i) => compiled(d, `scp${l}.${i + 1}`))),
    rcps: c.rcps?.map((level, l) => level.map((d, i) => compiled(d, `rcp${l}.${i + 1}`))),
    principalIsManagementAccount: c.principalIsManagementAccount,
    resourceIsInManagementAccount: c.resourceIsInManagementAccount,
  };
  const request = { principal: p, action: c.action, resource: c.resource, resourceAccount: c.resourceOwner, context: c.context ?? {} };
  const d = evaluate(request, policies);
  return { decision: d.decision, deniedBy: d.deniedBy, message: denialMessage(request, d) };
}

/** Creates the case's principal (with its policies, boundary and tags) and, for AssumeRole, the role with the case's trust policy. */
async function populate(gh: TestGatehouse, c: Case) {
  const p = principalOf(c);
  const root = (account: string): IAMClient => gh.iam(gh.root(account === '111122223333' ? 'a' : 'b'));
  const iam = root(p.account);
  const Tags = Object.entries(c.principalTags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  let boundaryArn: string | undefined;
  if (c.boundary) boundaryArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument: text(c.boundary) }))).Policy!.Arn;
  if (p.kind === 'user') {
    await iam.send(new CreateUserCommand({ UserName: p.name, Tags: Tags.length ? Tags : undefined, PermissionsBoundary: boundaryArn }));
    for (const [i, d] of c.identity.entries()) await iam.send(new PutUserPolicyCommand({ UserName: p.name, PolicyName: `p${i + 1}`, PolicyDocument: text(d) }));
  } else if (p.kind === 'session') {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: p.account }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: p.name, AssumeRolePolicyDocument: text(trust), Tags: Tags.length ? Tags : undefined }));
    if (boundaryArn) await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: p.name, PermissionsBoundary: boundaryArn }));
    for (const [i, d] of c.identity.entries()) await iam.send(new PutRolePolicyCommand({ RoleName: p.name, PolicyName: `p${i + 1}`, PolicyDocument: text(d) }));
  }
  if (isTrustCase(c) && c.resourcePolicy) {
    const [, , , , account, resource] = c.resource.split(':');
    // Trust policies may only name principals that exist.
    for (const arn of new Set(JSON.stringify(c.resourcePolicy).match(/arn:aws:iam::\d{12}:user\/[\w+=,.@-]+/g) ?? [])) {
      if (arn === c.principal) continue;
      const [, , , , a, r] = arn.split(':');
      await root(a).send(new CreateUserCommand({ UserName: r.split('/').pop() }));
    }
    await root(account).send(new CreateRoleCommand({ RoleName: resource.split('/').pop(), AssumeRolePolicyDocument: text(c.resourcePolicy) }));
  }
  return { iam, p };
}

/**
 * The explain command with the case's arguments: through the built binary for
 * the first case of each file, in this process (the same command module, no
 * process start per case) for the others.
 */
async function viaExplain(gh: TestGatehouse, c: Case, scratch: string, spawn: boolean) {
  const args = [c.principal, c.action, c.resource, '--json', '--data-dir', gh.dataDir];
  for (const [k, v] of Object.entries(c.context ?? {})) for (const one of ([] as string[]).concat(v ?? [])) args.push('--context', `${k}=${one}`);
  if (c.resourceOwner) args.push('--resource-owner', c.resourceOwner);
  if (c.resourcePolicy && !isTrustCase(c)) {
    writeFileSync(join(scratch, 'resource.json'), text(c.resourcePolicy));
    args.push('--resource-policy', join(scratch, 'resource.json'));
  }
  for (const [i, d] of (c.session ?? []).entries()) {
    writeFileSync(join(scratch, `session${i}.json`), text(d));
    args.push('--session-policy', join(scratch, `session${i}.json`));
  }
  const r = spawn ? await run('node', ['dist/gatehouse.cjs', 'explain', ...args], cleanEnv()) : await inProcess(args);
  assert.ok(r.code === 0 || r.code === 1, `explain exited ${r.code}: ${r.stderr}`);
  const x = JSON.parse(r.stdout);
  assert.equal(r.code, x.allowed ? 0 : 1);
  return x as { decision: string; deniedBy?: string; message?: string };
}

async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await explainCommand(args, { out: { write: (x: string) => (stdout += x) }, err: { write: (x: string) => (stderr += x) } });
  return { code, stdout, stderr };
}

/** The API way, or why the case has none. */
async function viaApi(gh: TestGatehouse, c: Case, iam: IAMClient, p: ReturnType<typeof principalOf>): Promise<string | { decision: string; message?: string }> {
  if (c.session?.length) return 'session policies: IAM\'s simulator takes none';
  if (p.kind === 'root') return 'the root user: not a PolicySourceArn';
  const ctxKeys = Object.keys(c.context ?? {});
  if (isTrustCase(c) && p.kind === 'user' && ctxKeys.every((k) => /^sts:(ExternalId|RoleSessionName)$/i.test(k))) {
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: p.name }))).AccessKey!;
    const sts = gh.sts({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    const ctx = c.context ?? {};
    try {
      await sts.send(new AssumeRoleCommand({ RoleArn: c.resource, RoleSessionName: (ctx['sts:RoleSessionName'] as string) ?? 's1', ExternalId: ctx['sts:ExternalId'] as string | undefined }));
      return { decision: 'Allow' };
    } catch (e) {
      assert.equal((e as Error).name, 'AccessDenied', (e as Error).message);
      return { decision: 'Denied', message: (e as Error).message };
    }
  }
  if (c.resourcePolicy && p.kind !== 'user') return 'a resource policy with a role session: CallerArn can only be a user';
  if (isTrustCase(c)) return 'trust policy conditions on keys a real AssumeRole cannot carry';
  const source = p.kind === 'user' ? p.arn : p.roleArn!;
  const out = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: source, ActionNames: [c.action], ResourceArns: [c.resource],
    ResourcePolicy: c.resourcePolicy && text(c.resourcePolicy), ResourceOwner: c.resourceOwner,
    ContextEntries: Object.entries(c.context ?? {}).map(([k, v]) => ({
      ContextKeyName: k, ContextKeyValues: ([] as string[]).concat(v ?? []), ContextKeyType: Array.isArray(v) ? 'stringList' : 'string',
    })),
  }));
  return { decision: EVAL_DECISION[out.EvaluationResults![0].EvalDecision as keyof typeof EVAL_DECISION] };
}

let total = 0;
for (const file of files) {
  const { source, cases } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { source: string; cases: Case[] };
  total += cases.length;
  describe(`policy corpus: ${file}`, { concurrency: 16 }, () => {
    for (const [n, c] of cases.entries()) {
      test(`${c.name} → ${c.expect}${c.deniedBy ? ` (${c.deniedBy})` : ''} [${c.source ?? source}]`, async (t) => {
        const lib = viaLibrary(c);
        assert.equal(lib.decision, c.expect, 'library');
        if (c.deniedBy) assert.equal(lib.deniedBy, c.deniedBy, 'library: denied by');
        if (c.message) assert.equal(lib.message, c.message, 'library: message');
        if (isOrganizationsCase(c)) {
          // No Organizations service yet to attach SCPs/RCPs through (issue 3): library only.
          t.diagnostic('explain and HTTP API not run: organization policies are library-only until the Organizations service exists');
          return;
        }

        const gh = await TestGatehouse.start({ accounts: ACCOUNTS });
        const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-corpus-'));
        try {
          const { iam, p } = await populate(gh, c);
          const x = await viaExplain(gh, c, scratch, n === 0);
          assert.equal(x.decision, c.expect, 'explain');
          if (c.deniedBy) assert.equal(x.deniedBy, c.deniedBy, 'explain: denied by');
          if (c.message) assert.equal(x.message, c.message, 'explain: message');

          const api = await viaApi(gh, c, iam, p);
          if (typeof api === 'string') t.diagnostic(`HTTP API not run: ${api}`);
          else {
            // A real request says only allowed or AccessDenied; the simulator names the kind of denial.
            if (api.decision === 'Denied') assert.notEqual(c.expect, 'Allow', 'HTTP API: AssumeRole was denied');
            else assert.equal(api.decision, c.expect, 'HTTP API');
            if (c.message && api.message !== undefined) assert.equal(api.message, c.message, 'HTTP API: message');
          }
        } finally {
          await gh.dispose();
          rmSync(scratch, { recursive: true, force: true });
        }
      });
    }
  });
}

test('the corpus holds at least 80 cases', () => assert.ok(total >= 80, `${total} cases`));
