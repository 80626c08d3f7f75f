/**
 * The web console's server side over HTTP: static files and their headers,
 * sign-in (bad credentials, MFA, password reset), the session cookie's flags
 * and expiry, the CSRF check, and that every view acts as the signed-in
 * identity through Gatehouse's own pipeline (denials carry AWS's code and text).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import {
  CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand, UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { TestGatehouse } from './support/gatehouse.js';
import { setUpScenario, trustAccount, type ScenarioSetup } from './support/scenario.js';
import { CONSOLE_PASSWORD as PASSWORD, ConsoleClient, setUpConsoleUsers } from './support/console.js';
import { BAD_CREDENTIALS } from '../src/console/signin.js';

const codeAt = (seed: string, ms: number) => new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: ms });

describe('web console API', () => {
  let gh: TestGatehouse;
  let sc: ScenarioSetup;
  let base: string;
  before(async () => {
    gh = await TestGatehouse.start();
    sc = await setUpScenario(gh);
    base = gh.server.url;
    await setUpConsoleUsers(gh, sc);
  });
  after(() => gh.dispose());

  test('serves the built app at /console/ with a strict CSP; /console redirects; app routes fall back to index.html; no path leaves the build', async () => {
    const redirect = await fetch(`${base}/console?account=utils`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/console/?account=utils');
    const index = await fetch(`${base}/console/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(index.headers.get('content-security-policy')!, /default-src 'self'; script-src 'self'; style-src 'self'/);
    assert.match(index.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
    const js = await fetch(`${base}${script}`);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(js.headers.get('cache-control')!, /immutable/);
    const route = await fetch(`${base}/console/s3/buckets/prod-data`);
    assert.equal(await route.text(), html);
    assert.equal((await fetch(`${base}/console/assets/nothing.js`)).status, 404);
    for (const sneaky of ['/console/..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/assets/..%2f..%2f..%2fpackage.json', '/console/..%5c..%5cpackage.json']) {
      const r = await fetch(`${base}${sneaky}`);
      const text = await r.text();
      assert.doesNotMatch(text, /"name": "gatehouse"/, sneaky);
    }
    assert.equal((await fetch(`${base}/console/`, { method: 'POST' })).status, 405);
  });

  test('wrong credentials get one message that does not say which part was wrong, and no cookie', async () => {
    const c = new ConsoleClient(base);
    for (const [account, user, password] of [['utils', 'random_user', 'wrong'], ['utils', 'nobody', PASSWORD], ['no-such-account', 'random_user', PASSWORD], [sc.prodId, 'random_user', PASSWORD]]) {
      const r = await c.signIn(account, user, password);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { code: 'InvalidCredentials', message: BAD_CREDENTIALS });
      assert.equal(r.headers.get('set-cookie'), null);
    }
    const root = await c.post('signin', { signInType: 'root', accessKeyId: gh.root('utils').accessKeyId, secretAccessKey: 'x'.repeat(40) });
    assert.deepEqual([root.status, root.json.message], [401, BAD_CREDENTIALS]);
    assert.equal((await c.post('signin', 'not json')).status, 400);
  });

  test('the session cookie is HttpOnly, SameSite=Strict, Path=/console, lasts 12 hours, and sign-out clears it', async () => {
    const c = new ConsoleClient(base);
    const r = await c.signIn(sc.utilsId, 'random_user', PASSWORD);
    assert.equal(r.status, 200);
    const set = r.headers.get('set-cookie')!;
    assert.match(set, /^gatehouse-console=[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+;/, 'a compact JWE');
    assert.match(set, /; HttpOnly/);
    assert.match(set, /; SameSite=Strict/);
    assert.match(set, /; Path=\/console/);
    assert.match(set, /; Max-Age=43200/);
    assert.deepEqual(r.json.signedIn, { type: 'User', account: sc.utilsId, accountLabel: 'utils', arn: `arn:aws:iam::${sc.utilsId}:user/random_user`, userName: 'random_user', mfa: false });
    assert.ok(!JSON.stringify(r.json).includes('secretAccessKey'), 'credentials never reach the browser');
    assert.equal((await c.get('me')).status, 200);
    const copy = c.cookie;
    const out = await c.post('signout');
    assert.match(out.headers.get('set-cookie')!, /^gatehouse-console=; Max-Age=0;/);
    assert.equal(c.cookie, undefined);
    const me = await c.get('me');
    assert.deepEqual([me.status, me.json.code], [401, 'NotSignedIn']);
    c.cookie = copy;
    const replayed = await c.get('me');
    assert.deepEqual([replayed.status, replayed.json.code], [401, 'NotSignedIn'], 'a copy of the cookie is worth nothing after sign-out');
  });

  test('a changed, foreign or expired cookie is refused', async () => {
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'random_user', PASSWORD);
    const good = c.cookie!;
    const flipped = good.slice(0, -3) + (good.at(-3) === 'A' ? 'B' : 'A') + good.slice(-2);
    for (const cookie of [flipped, 'gatehouse-console=eyJhbGciOiJub25lIn0.e30.', 'gatehouse-console=']) {
      c.cookie = cookie;
      assert.equal((await c.get('me')).status, 401, cookie);
    }
    c.cookie = good;
    gh.server.runtime.clock.advance(12 * 3600 + 60);
    try {
      const r = await c.get('s3/buckets');
      assert.deepEqual([r.status, r.json.code], [401, 'NotSignedIn']);
      assert.match(r.headers.get('set-cookie')!, /Max-Age=0/);
    } finally {
      gh.server.runtime.clock.advance(-(12 * 3600 + 60));
    }
  });

  test('a changing call without the console header, or from another origin, is refused and changes nothing', async () => {
    const c = new ConsoleClient(base);
    await c.post('signin', { signInType: 'root', accessKeyId: gh.root('utils').accessKeyId, secretAccessKey: gh.root('utils').secretAccessKey });
    const noHeader = await c.request('POST', 's3/buckets', { name: 'csrf-one' }, { 'x-gatehouse-console': '0' });
    assert.deepEqual([noHeader.status, noHeader.json.code], [403, 'InvalidRequest']);
    const foreign = await c.request('POST', 's3/buckets', { name: 'csrf-two' }, { origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    const signIn = await fetch(`${base}/console/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'utils', userName: 'random_user', password: PASSWORD }) });
    assert.equal(signIn.status, 403, 'even sign-in needs the header (login CSRF)');
    const names = (await gh.s3(gh.root('utils')).send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
    assert.ok(!names.includes('csrf-one') && !names.includes('csrf-two'));
  });

  test('the scenario: random_user is denied S3 with AWS\'s message, switches to s3-list-role in prod, lists prod\'s bucket, is denied creating one, switches back', async () => {
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'random_user', PASSWORD);
    const denied = await c.get('s3/buckets');
    assert.equal(denied.status, 403);
    assert.equal(denied.json.code, 'AccessDenied');
    assert.equal(denied.json.message, `User: arn:aws:iam::${sc.utilsId}:user/random_user is not authorized to perform: s3:ListAllMyBuckets on resource: "*" because no identity-based policy allows the s3:ListAllMyBuckets action`);

    const switched = await c.post('switch-role', { account: 'prod', roleName: 's3-list-role', displayName: 'Prod list', color: '#0b5cad' });
    assert.equal(switched.status, 200);
    assert.equal(switched.json.role.arn, `arn:aws:sts::${sc.prodId}:assumed-role/s3-list-role/random_user`);
    assert.equal(switched.json.role.displayName, 'Prod list');
    assert.deepEqual([switched.json.role.account, switched.json.role.accountLabel, switched.json.role.accountAsTyped], [sc.prodId, 'prod', 'prod']);
    const expires = Date.parse(switched.json.role.expiresAt) - Date.now();
    assert.ok(expires > 3500_000 && expires <= 3600_000, 'switched roles last one hour');
    const buckets = await c.get('s3/buckets');
    assert.deepEqual(buckets.json.buckets.map((b: { name: string }) => b.name), [`prod-data-${sc.prodId}`]);
    const create = await c.post('s3/buckets', { name: 'console-made' });
    assert.equal(create.status, 403);
    assert.equal(create.json.code, 'AccessDenied');
    assert.match(create.json.message, new RegExp(`assumed-role/s3-list-role/random_user is not authorized to perform: s3:CreateBucket`));
    const iam = await c.get('iam/roles');
    assert.deepEqual([iam.status, iam.json.code], [403, 'AccessDenied']);

    // The decision log shows prod's decisions, the denied CreateBucket among them, with its trace.
    const log = await c.get('decisions');
    assert.equal(log.json.account, sc.prodId);
    const entry = log.json.entries.find((e: { action: string }) => e.action === 's3:CreateBucket');
    assert.equal(entry.decision, 'ImplicitDeny');
    assert.match(entry.reason, /assumed-role\/s3-list-role\/random_user is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::console-made because no identity-based policy allows/);
    assert.ok(Array.isArray(entry.trace));
    assert.ok(log.json.entries.every((e: { principal: string }) => e.principal.includes(`::${sc.prodId}:`)));

    const back = await c.post('switch-back');
    assert.equal(back.json.role, undefined);
    assert.equal((await c.get('s3/buckets')).status, 403);

    // The trust graph as random_user: neither account's IAM is readable, yet it has random_user and the
    // role it switched to (the switch proved the edge, and is remembered after switching back).
    const graph = await c.get('trust-graph');
    assert.deepEqual(graph.json.accounts.map((a: { label: string; as: string; error?: { code: string } }) => [a.label, a.as, a.error?.code]), [['utils', `arn:aws:iam::${sc.utilsId}:user/random_user`, 'AccessDenied']]);
    assert.deepEqual(graph.json.nodes, [
      { id: `arn:aws:iam::${sc.utilsId}:user/random_user`, label: 'random_user (user)', kind: 'user', account: sc.utilsId, self: true },
      { id: sc.roleArn, label: 's3-list-role (role)', kind: 'role', account: sc.prodId },
    ]);
    assert.deepEqual(graph.json.edges, [{ from: `arn:aws:iam::${sc.utilsId}:user/random_user`, to: sc.roleArn, status: 'switched' }]);
    assert.deepEqual(graph.json.accountNames, { [sc.utilsId]: 'utils', [sc.prodId]: 'prod' });
  });

  test('the decision log filters in its query: denials only reach past the newest 200, by principal, by action; a bad filter gets a clear error', async () => {
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'random_user', PASSWORD);
    await c.post('switch-role', { account: 'prod', roleName: 's3-list-role' });
    assert.equal((await c.post('s3/buckets', { name: 'filtered-out-later' })).status, 403);
    // Then 250 allowed reads by prod's root, as a Terraform apply makes them.
    const s3 = gh.s3(gh.root('prod'));
    for (let i = 0; i < 250; i++) await s3.send(new ListBucketsCommand({}));
    type Entry = { principal: string; action: string; decision: string; resource: string };
    const isTheDenial = (e: Entry) => e.action === 's3:CreateBucket' && e.resource === 'arn:aws:s3:::filtered-out-later';

    const newest = (await c.get('decisions')).json.entries as Entry[];
    assert.equal(newest.length, 200);
    assert.ok(!newest.some(isTheDenial), 'the denial is older than the newest 200 decisions');
    const denials = (await c.get('decisions?deniedOnly=true')).json.entries as Entry[];
    assert.ok(denials.some(isTheDenial));
    assert.ok(denials.every((e) => e.decision !== 'Allow'));
    const rootArn = `arn:aws:iam::${sc.prodId}:root`;
    const roots = (await c.get(`decisions?${new URLSearchParams({ principal: rootArn, action: 's3:listallmybuckets' })}`)).json.entries as Entry[];
    assert.equal(roots.length, 200);
    assert.ok(roots.every((e) => e.principal === rootArn && e.action === 's3:ListAllMyBuckets'), 'actions match case-insensitively, as IAM\'s do');
    const creates = (await c.get('decisions?action=s3:CreateBucket&deniedOnly=false')).json.entries as Entry[];
    assert.ok(creates.some(isTheDenial) && creates.every((e) => e.action === 's3:CreateBucket'));

    for (const [q, message] of [
      ['action=CreateBucket', /^action must be service:Action/],
      ['principal=random_user', /^principal must be a principal's ARN/],
      ['deniedOnly=yes', /^deniedOnly must be true or false/],
    ] as const) {
      const bad = await c.get(`decisions?${q}`);
      assert.deepEqual([bad.status, bad.json.code], [400, 'ValidationError'], q);
      assert.match(bad.json.message, message);
    }
  });

  test('a denied switch shows STS\'s reason; an unknown account gets AWS\'s switch-role message; a switched session expires after an hour', async () => {
    await gh.iam(gh.root('utils')).send(new CreateUserCommand({ UserName: 'stranger' }));
    await gh.iam(gh.root('utils')).send(new CreateLoginProfileCommand({ UserName: 'stranger', Password: PASSWORD }));
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'stranger', PASSWORD);
    const r = await c.post('switch-role', { account: sc.prodId, roleName: 's3-list-role' });
    assert.equal(r.status, 403);
    assert.equal(r.json.code, 'AccessDenied');
    assert.match(r.json.message, new RegExp(`User: arn:aws:iam::${sc.utilsId}:user/stranger is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${sc.prodId}:role/s3-list-role`));
    const unknown = await c.post('switch-role', { account: 'nowhere', roleName: 's3-list-role' });
    assert.deepEqual([unknown.status, unknown.json.message], [400, 'Invalid information in one or more fields. Check your information or contact your administrator.']);

    const user = new ConsoleClient(base);
    await user.signIn('utils', 'random_user', PASSWORD);
    await user.post('switch-role', { account: 'prod', roleName: 's3-list-role' });
    gh.server.runtime.clock.advance(3700);
    try {
      const expired = await user.get('s3/buckets');
      assert.deepEqual([expired.status, expired.json.code], [400, 'ExpiredToken']);
      await user.post('switch-back');
      assert.equal((await user.get('me')).status, 200, 'the sign-in session itself lasts 12 hours');
    } finally {
      gh.server.runtime.clock.advance(-3700);
    }
  });

  test('an MFA device makes sign-in ask for a code; a wrong code is refused like a wrong password; the session knows MFA was used', async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new CreateUserCommand({ UserName: 'mfa-person' }));
    await utils.send(new CreateLoginProfileCommand({ UserName: 'mfa-person', Password: PASSWORD }));
    const device = (await utils.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-person' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString();
    const now = Date.now();
    await utils.send(new EnableMFADeviceCommand({ UserName: 'mfa-person', SerialNumber: device.SerialNumber, AuthenticationCode1: codeAt(seed, now - 30_000), AuthenticationCode2: codeAt(seed, now) }));
    // Enabled with the codes of the last two steps, the device counts as one step behind and the newer code is spent:
    // the next code it shows is for the server's time a minute from now.
    gh.server.runtime.clock.advance(60);
    try {
      const c = new ConsoleClient(base);
      const ask = await c.signIn('utils', 'mfa-person', PASSWORD);
      assert.deepEqual([ask.status, ask.json.code, ask.json.mfaRequired], [401, 'MfaRequired', true]);
      const wrongPassword = await c.signIn('utils', 'mfa-person', 'nope', { mfaCode: codeAt(seed, now + 30_000) });
      assert.deepEqual([wrongPassword.status, wrongPassword.json.message], [401, BAD_CREDENTIALS]);
      const good = codeAt(seed, now + 30_000);
      const wrong = await c.signIn('utils', 'mfa-person', PASSWORD, { mfaCode: good === '000000' ? '111111' : '000000' });
      assert.deepEqual([wrong.status, wrong.json.message], [401, BAD_CREDENTIALS]);
      const ok = await c.signIn('utils', 'mfa-person', PASSWORD, { mfaCode: good });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.signedIn.mfa, true);
      const again = await new ConsoleClient(base).signIn('utils', 'mfa-person', PASSWORD, { mfaCode: good });
      assert.equal(again.status, 401, 'a code passes once');

      // The sign-in's MFA counts for a switch: a trust policy that requires aws:MultiFactorAuthPresent lets this session in, and not random_user's.
      const mfaTrust = (user: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${sc.utilsId}:user/${user}` }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] });
      await utils.send(new CreateRoleCommand({ RoleName: 'mfa-only', AssumeRolePolicyDocument: mfaTrust('mfa-person') }));
      await utils.send(new CreateRoleCommand({ RoleName: 'mfa-only-random', AssumeRolePolicyDocument: mfaTrust('random_user') }));
      assert.equal((await c.post('switch-role', { account: 'utils', roleName: 'mfa-only' })).status, 200);
      const plain = new ConsoleClient(base);
      await plain.signIn('utils', 'random_user', PASSWORD);
      const refused = await plain.post('switch-role', { account: 'utils', roleName: 'mfa-only-random' });
      assert.deepEqual([refused.status, refused.json.code], [403, 'AccessDenied']);
    } finally {
      gh.server.runtime.clock.advance(-60);
    }
  });

  test('a required password reset is asked for, and done by the user\'s own ChangePassword (denied without the right to it)', async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new CreateUserCommand({ UserName: 'newcomer' }));
    await utils.send(new CreateLoginProfileCommand({ UserName: 'newcomer', Password: PASSWORD, PasswordResetRequired: true }));
    const c = new ConsoleClient(base);
    const ask = await c.signIn('utils', 'newcomer', PASSWORD);
    assert.deepEqual([ask.status, ask.json.code, ask.json.passwordResetRequired], [403, 'PasswordResetRequired', true]);
    const denied = await c.signIn('utils', 'newcomer', PASSWORD, { newPassword: 'Brand-New-Password-2' });
    assert.deepEqual([denied.status, denied.json.code], [403, 'AccessDenied']);
    assert.match(denied.json.message, /is not authorized to perform: iam:ChangePassword/);
    await utils.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 8 }));
    const changed = await c.signIn('utils', 'newcomer', PASSWORD, { newPassword: 'Brand-New-Password-2' });
    assert.equal(changed.status, 200);
    assert.equal((await new ConsoleClient(base).signIn('utils', 'newcomer', 'Brand-New-Password-2')).status, 200);
    assert.equal((await new ConsoleClient(base).signIn('utils', 'newcomer', PASSWORD)).status, 401);
  });

  test('a password past the policy\'s MaxPasswordAge must be changed; with HardExpiry it can no longer be used', async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new CreateUserCommand({ UserName: 'old-timer' }));
    await utils.send(new CreateLoginProfileCommand({ UserName: 'old-timer', Password: PASSWORD }));
    await utils.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 8, MaxPasswordAge: 1 }));
    const c = new ConsoleClient(base);
    assert.equal((await c.signIn('utils', 'old-timer', PASSWORD)).status, 200, 'not expired yet');
    gh.server.runtime.clock.advance(2 * 86_400);
    try {
      const asked = await c.signIn('utils', 'old-timer', PASSWORD);
      assert.deepEqual([asked.status, asked.json.code, asked.json.passwordResetRequired], [403, 'PasswordResetRequired', true]);
      assert.match(asked.json.message, /expired/);
      await utils.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 8, MaxPasswordAge: 1, HardExpiry: true }));
      const hard = await c.signIn('utils', 'old-timer', PASSWORD, { newPassword: 'Another-Password-3' });
      assert.deepEqual([hard.status, hard.json.code], [403, 'PasswordExpired']);
      const wrong = await c.signIn('utils', 'old-timer', 'not-it');
      assert.deepEqual([wrong.status, wrong.json.code], [401, 'InvalidCredentials'], 'the expiry is told only to whoever knows the password');
    } finally {
      gh.server.runtime.clock.advance(-2 * 86_400);
      await utils.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 8 }));
    }
  });

  test('unknown API paths are 404 and wrong methods 405, in JSON', async () => {
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'random_user', PASSWORD);
    const missing = await c.get('nothing-here');
    assert.deepEqual([missing.status, missing.json.code], [404, 'NotFound']);
    const method = await c.request('DELETE', 's3/buckets');
    assert.deepEqual([method.status, method.json.code], [405, 'MethodNotAllowed']);
  });

  test('root signs in with its access key; S3 objects upload, list and download; root may not switch roles', async () => {
    const c = new ConsoleClient(base);
    const r = await c.post('signin', { signInType: 'root', accessKeyId: gh.root('prod').accessKeyId, secretAccessKey: gh.root('prod').secretAccessKey });
    assert.equal(r.status, 200);
    assert.equal(r.json.signedIn.arn, `arn:aws:iam::${sc.prodId}:root`);
    assert.match(r.headers.get('set-cookie')!, /Max-Age=3600/);
    const bucket = `prod-data-${sc.prodId}`;
    const up = await c.request('PUT', `s3/object?bucket=${bucket}&key=${encodeURIComponent('reports/a b.txt')}`, 'hello console', { 'content-type': 'text/plain' });
    assert.equal(up.status, 200);
    const top = await c.get(`s3/objects?bucket=${bucket}`);
    assert.deepEqual(top.json.folders, ['reports/']);
    const inside = await c.get(`s3/objects?bucket=${bucket}&prefix=reports/`);
    assert.deepEqual(inside.json.objects.map((o: { key: string; size: number }) => [o.key, o.size]), [['reports/a b.txt', 13]]);
    const down = await fetch(`${base}/console/api/s3/object?bucket=${bucket}&key=${encodeURIComponent('reports/a b.txt')}`, { headers: { cookie: c.cookie! } });
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-type'), 'application/octet-stream');
    assert.match(down.headers.get('content-disposition')!, /^attachment;/);
    assert.equal(await down.text(), 'hello console');
    const sw = await c.post('switch-role', { account: 'prod', roleName: 's3-list-role' });
    // "You cannot switch roles if you sign in as the AWS account root user." (IAM User Guide, switching to a role (console))
    assert.deepEqual([sw.status, sw.json.code, sw.json.message], [403, 'AccessDenied', 'You cannot switch roles if you sign in as the AWS account root user.']);
    assert.equal((await c.get('me')).json.role, undefined);
  });

  test('IAM views pretty-print documents; the trust graph spans the signed-in and the switched-to account, each edge decided on both sides', async () => {
    const c = new ConsoleClient(base);
    await c.signIn('utils', 'admin', PASSWORD);
    const role = await c.post('switch-role', { account: 'prod', roleName: 'prod-admin' });
    assert.equal(role.status, 200);
    const detail = await c.get('iam/roles/s3-list-role');
    assert.equal(detail.json.role.trustPolicy, JSON.stringify(JSON.parse(trustAccount(sc.utilsId)), null, 2));
    assert.deepEqual(detail.json.attached.value.map((p: { name: string }) => p.name), ['s3_list_all']);
    const policy = await c.get(`iam/policy?arn=${encodeURIComponent(detail.json.attached.value[0].arn)}`);
    assert.match(policy.json.document.value, /^\{\n {2}"Version": "2012-10-17",\n/);
    const users = await c.get('iam/users');
    assert.equal(users.status, 200);
    assert.deepEqual(users.json.users, [], 'prod has no users');

    const graph = await c.get('trust-graph');
    assert.deepEqual(graph.json.accounts.map((a: { label: string; error?: unknown }) => [a.label, a.error]), [['prod', undefined], ['utils', undefined]]);
    const edge = (user: string, roleName: string) => graph.json.edges.find((e: { from: string; to: string }) => e.from === `arn:aws:iam::${sc.utilsId}:user/${user}` && e.to === `arn:aws:iam::${sc.prodId}:role/${roleName}`)?.status;
    assert.equal(edge('random_user', 's3-list-role'), 'allowed');
    assert.equal(edge('admin', 's3-list-role'), 'allowed');
    assert.equal(edge('stranger', 's3-list-role'), 'trust-only');
    assert.equal(edge('random_user', 'prod-admin'), 'trust-only');
    // s3-list-role trusts utils whole: one account-trust edge from utils' node stands, in the picture, for the
    // users whose own side does not allow it (their edges say so); random_user's own edge is drawn.
    const utilsRoot = `arn:aws:iam::${sc.utilsId}:root`;
    assert.deepEqual(graph.json.edges.find((e: { from: string; to: string }) => e.from === utilsRoot && e.to === sc.roleArn), { from: utilsRoot, to: sc.roleArn, status: 'account-trust' });
    assert.deepEqual(graph.json.nodes.find((n: { id: string }) => n.id === utilsRoot), { id: utilsRoot, label: 'utils (account)', kind: 'account', account: sc.utilsId });
    const via = (user: string, roleName: string) => graph.json.edges.find((e: { from: string; to: string }) => e.from === `arn:aws:iam::${sc.utilsId}:user/${user}` && e.to === `arn:aws:iam::${sc.prodId}:role/${roleName}`)?.viaAccount;
    assert.deepEqual([via('stranger', 's3-list-role'), via('random_user', 's3-list-role')], [utilsRoot, undefined]);
  });
});
