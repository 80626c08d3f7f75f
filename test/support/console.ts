import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { TestGatehouse } from './gatehouse.js';
import { trustAccount, type ScenarioSetup } from './scenario.js';

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
