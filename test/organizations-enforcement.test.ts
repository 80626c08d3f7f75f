/**
 * SCPs and RCPs enforced on real requests, and the organization condition keys, through the JS SDK against
 * a running server whose organization is written into its store (test/support/organization-seed.ts), so
 * enforcement is tested apart from the Organizations API. AWS's rules: Organizations User Guide, "SCP
 * evaluation" and "RCP evaluation"; IAM User Guide, "AWS global condition context keys"
 * (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths, aws:ResourceAccount).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachUserPolicyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, ListUsersCommand, PutUserPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { configureOidcJwks } from '../src/services/sts/web-identity.js';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, cleanEnv, run, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { SeededOrganization } from './support/organization-seed.js';
import { ConsoleClient } from './support/console.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('Organizations enforcement: SCPs, RCPs and the organization condition keys', () => {
  let gh: TestGatehouse;
  let org: SeededOrganization;
  let mgmt: string, prod: string, outsider: string;
  let prodAdmin: Credentials, mgmtAdmin: Credentials, outsiderAdmin: Credentials;
  let ou: string;

  const listUsers = (c: Credentials) => gh.iam(c).send(new ListUsersCommand({}));
  const getObject = async (c: Credentials, Bucket: string) => (await gh.s3(c).send(new GetObjectCommand({ Bucket, Key: 'k' }))).Body!.transformToString();
  const admin = async (account: string, name: string) => {
    const c = await gh.userWithKey(account, name);
    await gh.iam(gh.root(account)).send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: ADMIN }));
    return c;
  };
  const bucket = async (account: string, name: string, policy?: object[]) => {
    const s3 = gh.s3(gh.root(account));
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: name }));
    if (policy) {
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: doc(...policy) }));
    }
  };

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'prod', 'outsider'] });
    [mgmt, prod, outsider] = ['mgmt', 'prod', 'outsider'].map((n) => gh.account(n).id);
    [mgmtAdmin, prodAdmin, outsiderAdmin] = await Promise.all([admin('mgmt', 'admin'), admin('prod', 'admin'), admin('outsider', 'admin')]);
    org = await SeededOrganization.create(gh.server.runtime, mgmt);
    ou = await org.ou();
    await org.member(prod, ou);
  });
  after(() => gh?.dispose());

  test('FullAWSAccess at every level leaves the identity policies to decide', async () => {
    await listUsers(prodAdmin);
    await listUsers(gh.root('prod'));
  });

  test("an SCP's Deny on the OU binds the member's admin and root user, not the management account; moving out lifts it", async () => {
    const deny = await org.policy('SERVICE_CONTROL_POLICY', 'DenyIamLists', [{ Effect: 'Deny', Action: 'iam:List*', Resource: '*' }]);
    await org.attach(deny, ou);
    await org.attach(deny, mgmt);
    const explicit = (who: string) => new RegExp(`^User: ${who} is not authorized to perform: iam:ListUsers on resource: .* with an explicit deny in a service control policy$`);
    try {
      await rejects(listUsers(prodAdmin), 'AccessDenied', 403, explicit(`arn:aws:iam::${prod}:user/admin`));
      await rejects(listUsers(gh.root('prod')), 'AccessDenied', 403, explicit(`arn:aws:iam::${prod}:root`));
      // The console's decision log keeps which SCP at which level denied.
      const console = new ConsoleClient(gh.server.url);
      const root = gh.root('prod');
      assert.equal((await console.post('signin', { signInType: 'root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey })).status, 200);
      const logged = (await console.get('decisions')).json.entries as Array<{ principal: string; decision: string; trace: Array<{ policyType: string; policyId: string; effect: string; matched: boolean; level?: number }> }>;
      const denial = logged.find((e) => e.principal === `arn:aws:iam::${prod}:user/admin` && e.decision === 'ExplicitDeny')!;
      assert.deepEqual(denial.trace.filter((t) => t.policyType === 'scp' && t.effect === 'Deny' && t.matched).map((t) => [t.level, t.policyId]), [[1, `DenyIamLists (${deny}) attached to OU ${ou}`]]);
      // "SCPs don't affect users or roles in the management account", even attached to it.
      await listUsers(mgmtAdmin);
      await listUsers(gh.root('mgmt'));

      // IAM's simulator evaluates the SCPs of the simulated entity's account (OrganizationsDecisionDetail).
      const simulate = async (account: string, name: string) => (await gh.iam(gh.root(name)).send(new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${account}:user/admin`, ActionNames: ['iam:ListUsers', 's3:ListAllMyBuckets'],
      }))).EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, r.OrganizationsDecisionDetail?.AllowedByOrganizations]);
      assert.deepEqual(await simulate(prod, 'prod'), [['iam:ListUsers', 'explicitDeny', false], ['s3:ListAllMyBuckets', 'allowed', true]]);
      assert.deepEqual(await simulate(mgmt, 'mgmt'), [['iam:ListUsers', 'allowed', undefined], ['s3:ListAllMyBuckets', 'allowed', undefined]]);

      // `gatehouse explain` names the SCP and the level it is attached at.
      const explain = await run('node', ['dist/gatehouse.cjs', 'explain', `arn:aws:iam::${prod}:user/admin`, 'iam:ListUsers', '--data-dir', gh.dataDir], cleanEnv());
      assert.equal(explain.code, 1, explain.stderr);
      assert.match(explain.stdout, /^DENIED \(explicit deny\)/);
      assert.match(explain.stdout, new RegExp(`scp  \\(decided the denial\\): statement Statement\\[0\\] of DenyIamLists \\(${deny}\\) attached to OU ${ou} denies iam:ListUsers explicitly`));
      assert.match(explain.stdout, new RegExp(`\\[level 1\\] DenyIamLists \\(${deny}\\) attached to OU ${ou}\n    ✔ Deny Statement\\[0\\] — applies`));
      await org.move(prod, org.rootId);
      await listUsers(prodAdmin);
    } finally {
      await org.move(prod, ou);
      await org.detach(deny, ou);
    }
    await listUsers(prodAdmin);
  });

  test('a level whose SCPs do not allow the action denies it implicitly', async () => {
    const s3Only = await org.policy('SERVICE_CONTROL_POLICY', 'S3Only', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    await org.attach(s3Only, prod);
    await org.detach('p-FullAWSAccess', prod);
    try {
      await rejects(listUsers(prodAdmin), 'AccessDenied', 403,
        `User: arn:aws:iam::${prod}:user/admin is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${prod}:user/ because no service control policy allows the iam:ListUsers action`);
      await gh.s3(prodAdmin).send(new CreateBucketCommand({ Bucket: 'prod-allowed-by-s3only' }));
      const explain = await run('node', ['dist/gatehouse.cjs', 'explain', `arn:aws:iam::${prod}:user/admin`, 'iam:ListUsers', '--data-dir', gh.dataDir, '--json'], cleanEnv());
      const x = JSON.parse(explain.stdout);
      assert.deepEqual([x.decision, x.deniedBy], ['ImplicitDeny', 'scp']);
      assert.equal(x.reason, `no service control policy at level 2 of the organization (0 is its root, the account last) allows iam:ListUsers: S3Only (${s3Only}) attached to account ${prod} does not; every level from the root to the account must allow it`);
    } finally {
      await org.attach('p-FullAWSAccess', prod);
      await org.detach(s3Only, prod);
    }
    await listUsers(prodAdmin);
  });

  test('aws:PrincipalOrgID in a bucket policy lets a member in and keeps an outsider out', async () => {
    await bucket('mgmt', 'org-shared', [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-shared/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': org.org.id } } }]);
    assert.equal(await getObject(prodAdmin, 'org-shared'), 'org-shared');
    await rejects(getObject(outsiderAdmin, 'org-shared'), 'AccessDenied', 403);
  });

  test('aws:PrincipalOrgPaths names the OUs above the account, ending in a slash', async () => {
    const path = `${org.org.id}/${org.rootId}/${ou}/`;
    await bucket('mgmt', 'ou-shared', [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ou-shared/*', Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': [path] } } }]);
    assert.equal(await getObject(prodAdmin, 'ou-shared'), 'ou-shared');
    await org.move(prod, org.rootId);
    try {
      await rejects(getObject(prodAdmin, 'ou-shared'), 'AccessDenied', 403);
    } finally {
      await org.move(prod, ou);
    }
  });

  test('aws:ResourceOrgID and aws:ResourceAccount in an identity policy: the resource owner decides', async () => {
    const c = await gh.userWithKey('prod', 'in-org-reader');
    await gh.iam(gh.root('prod')).send(new PutUserPolicyCommand({
      UserName: 'in-org-reader', PolicyName: 'org-only',
      PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceOrgID': org.org.id } } }),
    }));
    await bucket('mgmt', 'mgmt-for-prod', [{ Effect: 'Allow', Principal: { AWS: prod }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mgmt-for-prod/*' }]);
    await bucket('outsider', 'outsider-for-prod', [{ Effect: 'Allow', Principal: { AWS: prod }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::outsider-for-prod/*' }]);
    assert.equal(await getObject(c, 'mgmt-for-prod'), 'mgmt-for-prod');
    await rejects(getObject(c, 'outsider-for-prod'), 'AccessDenied', 403);
    await gh.iam(gh.root('prod')).send(new PutUserPolicyCommand({
      UserName: 'in-org-reader', PolicyName: 'org-only',
      PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': outsider } } }),
    }));
    assert.equal(await getObject(c, 'outsider-for-prod'), 'outsider-for-prod');
    await rejects(getObject(c, 'mgmt-for-prod'), 'AccessDenied', 403);
  });

  test("an RCP stops another organization's principal despite a bucket policy that allows it; the member's own still read", async () => {
    await bucket('prod', 'prod-data', [{ Effect: 'Allow', Principal: { AWS: outsider }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-data/*' }]);
    await bucket('mgmt', 'mgmt-data', [{ Effect: 'Allow', Principal: { AWS: outsider }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mgmt-data/*' }]);
    assert.equal(await getObject(outsiderAdmin, 'prod-data'), 'prod-data');
    const rcp = await org.policy('RESOURCE_CONTROL_POLICY', 'DataPerimeter', [{
      Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sts:AssumeRole'], Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': org.org.id }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
    }]);
    await org.attach(rcp, org.rootId, 'RESOURCE_CONTROL_POLICY');
    try {
      await rejects(getObject(outsiderAdmin, 'prod-data'), 'AccessDenied', 403);
      assert.equal(await getObject(prodAdmin, 'prod-data'), 'prod-data');
      // "RCPs don't affect resources in the management account."
      assert.equal(await getObject(outsiderAdmin, 'mgmt-data'), 'mgmt-data');
      // STS: AssumeRole on a member's role, whoever the trust policy names.
      await gh.iam(gh.root('prod')).send(new CreateRoleCommand({ RoleName: 'for-outsider', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: outsider }, Action: 'sts:AssumeRole' }) }));
      await rejects(gh.sts(outsiderAdmin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/for-outsider`, RoleSessionName: 'outsider' })), 'AccessDenied', 403,
        `User: arn:aws:iam::${outsider}:user/admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${prod}:role/for-outsider with an explicit deny in a resource control policy`);
      // An anonymous caller too, whatever the bucket policy makes public.
      await bucket('prod', 'prod-public', [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-public/*' }]);
      assert.equal((await fetch(`${gh.server.url}/prod-public/k`)).status, 403);
    } finally {
      await org.detach(rcp, org.rootId);
    }
    assert.equal(await getObject(outsiderAdmin, 'prod-data'), 'prod-data');
    assert.equal((await fetch(`${gh.server.url}/prod-public/k`)).status, 200);
  });

  test("an RCP binds a web identity assuming a member's role too", async () => {
    // The issuer's keys from a file (serve --oidc-jwks), so nothing is fetched.
    const issuer = 'https://oidc.example.test';
    const pair = await generateKeyPair('RS256');
    const jwks = join(mkdtempSync(join(tmpdir(), 'gatehouse-org-oidc-')), 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    configureOidcJwks({ [issuer]: jwks });
    const iam = gh.iam(gh.root('prod'));
    const provider = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['a'.repeat(40)] }))).OpenIDConnectProviderArn!;
    const RoleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' }) }))).Role!.Arn!;
    const assume = async () => new STSClient({ endpoint: gh.server.url, region: 'us-east-1', maxAttempts: 1 }).send(new AssumeRoleWithWebIdentityCommand({
      RoleArn, RoleSessionName: 'ci-run',
      WebIdentityToken: await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setSubject('ci').setAudience('sts.amazonaws.com').setIssuedAt().setExpirationTime('5m').sign(pair.privateKey),
    }));
    await assume();
    const rcp = await org.policy('RESOURCE_CONTROL_POLICY', 'NoWebIdentities', [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*' }]);
    await org.attach(rcp, prod, 'RESOURCE_CONTROL_POLICY');
    try {
      // STS words every refusal of this call alike.
      await rejects(assume(), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    } finally {
      await org.detach(rcp, prod);
    }
    await assume();
  });
});
