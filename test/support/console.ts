import {
  AddUserToGroupCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreateLoginProfileCommand, CreateRoleCommand,
  CreateUserCommand, PutGroupPolicyCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { TestGatehouse } from './gatehouse.js';
import { allow, trustAccount, type ScenarioSetup } from './scenario.js';

/** The console password every console test gives its users. */
export const CONSOLE_PASSWORD = 'Correct-Horse-Battery-1';

/**
 * What the console tests add to the bastion scenario's accounts: random_user's password, and an
 * administrator of utils with a role in prod it may switch to (for the IAM views and the trust graph).
 */
export async function setUpConsoleUsers(gh: TestGatehouse, sc: ScenarioSetup): Promise<void> {
  const utils = gh.iam(gh.root('utils'));
  await utils.send(new CreateLoginProfileCommand({ UserName: 'random_user', Password: CONSOLE_PASSWORD }));
  await utils.send(new CreateUserCommand({ UserName: 'admin' }));
  await utils.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await utils.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: CONSOLE_PASSWORD }));
  const prod = gh.iam(gh.root('prod'));
  await prod.send(new CreateRoleCommand({ RoleName: 'prod-admin', AssumeRolePolicyDocument: trustAccount(sc.utilsId) }));
  await prod.send(new AttachRolePolicyCommand({ RoleName: 'prod-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
}

/** The users setUpTrustEstate adds to utils (random_user and admin make ten). */
export const ESTATE_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
/** The roles it adds to prod (s3-list-role and prod-admin make five). */
export const ESTATE_ROLES = ['deploy', 'auditor', 'oncall'];

/**
 * An estate of ten principals and five roles for the trust graph's picture, made as the accounts' roots:
 * deployers (a group) may deploy, carol is trusted by deploy but has no policy for it, auditors are
 * trusted by name, frank may be on call, grace is trusted for on-call but denied it by her own policy.
 */
export async function setUpTrustEstate(gh: TestGatehouse, sc: ScenarioSetup): Promise<void> {
  const utils = gh.iam(gh.root('utils'));
  const prod = gh.iam(gh.root('prod'));
  const userArn = (name: string) => `arn:aws:iam::${sc.utilsId}:user/${name}`;
  const roleArn = (name: string) => `arn:aws:iam::${sc.prodId}:role/${name}`;
  const trust = (names: string[]) => JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: names.map(userArn) } }],
  });
  for (const name of ESTATE_USERS) await utils.send(new CreateUserCommand({ UserName: name }));
  await prod.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: trust(['alice', 'bob', 'carol']) }));
  await prod.send(new CreateRoleCommand({ RoleName: 'auditor', AssumeRolePolicyDocument: trust(['dave', 'erin', 'heidi']) }));
  await prod.send(new CreateRoleCommand({ RoleName: 'oncall', AssumeRolePolicyDocument: trust(['frank', 'grace']) }));

  await utils.send(new CreateGroupCommand({ GroupName: 'deployers' }));
  await utils.send(new PutGroupPolicyCommand({ GroupName: 'deployers', PolicyName: 'deploy', PolicyDocument: allow('sts:AssumeRole', roleArn('deploy')) }));
  for (const name of ['alice', 'bob']) await utils.send(new AddUserToGroupCommand({ GroupName: 'deployers', UserName: name }));
  for (const name of ['dave', 'erin', 'heidi']) await utils.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'audit', PolicyDocument: allow('sts:AssumeRole', roleArn('auditor')) }));
  await utils.send(new PutUserPolicyCommand({ UserName: 'frank', PolicyName: 'oncall', PolicyDocument: allow('sts:AssumeRole', roleArn('*')) }));
  await utils.send(new PutUserPolicyCommand({
    UserName: 'grace', PolicyName: 'no-oncall', PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn('oncall') }],
    }),
  }));
}

/** A minimal browser stand-in for the console API: keeps the session cookie, sends the console's header. */
export class ConsoleClient {
  cookie?: string;
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(`${this.base}/console/api/${path}`, {
      method,
      headers: {
        'x-gatehouse-console': '1',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    let json: any = text;
    try { json = JSON.parse(text); } catch { /* not JSON: kept as text */ }
    return { status: res.status, json, headers: res.headers };
  }
  get(path: string) { return this.request('GET', path); }
  post(path: string, body: unknown = {}) { return this.request('POST', path, body); }

  async signIn(account: string, userName: string, password: string, extra: Record<string, string> = {}) {
    return this.post('signin', { account, userName, password, ...extra });
  }
}
