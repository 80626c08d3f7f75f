/**
 * `serve --processes N`: the main process hands connections to helper
 * processes on the same data dir. Each client below keeps one connection,
 * and the test finds which process serves it (Linux /proc), so a write
 * through one process and the next request through another are known to
 * cross processes: keys, policies and the test clock must change for all at
 * once, a helper that dies is replaced, and none outlives the main process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, DeleteAccessKeyCommand, PutUserPolicyCommand, CreateRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { S3Client, ListBucketsCommand, CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { cleanup, type Credentials } from './support/gatehouse.js';
import { processTree, spawnServer, type ChildServer } from './support/child-server.js';
import { serverPidOf } from './support/process-tree.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import type { ProcessPool } from '../src/server/processes/pool.js';

const BUNDLE = fileURLToPath(new URL('../dist/gatehouse.cjs', import.meta.url));
import { rejects } from './support/errors.js';
import { ConsoleClient } from './support/console.js';
import {
  AcceptHandshakeCommand, AttachPolicyCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient, UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';

const PROCESSES = 3;

/** One kept-alive connection, and SDK clients that send over it with any credentials. */
class Connection {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  pid?: number;
  constructor(private readonly url: string) {}
  private cfg(creds: Credentials) {
    return { endpoint: this.url, region: 'us-east-1', credentials: creds, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: this.agent, requestTimeout: 15_000 }) };
  }
  iam(c: Credentials) { return new IAMClient(this.cfg(c)); }
  sts(c: Credentials) { return new STSClient(this.cfg(c)); }
  s3(c: Credentials) { return new S3Client({ ...this.cfg(c), forcePathStyle: true }); }
  orgs(c: Credentials) { return new OrganizationsClient(this.cfg(c)); }
  get localPort(): number | undefined {
    return Object.values(this.agent.freeSockets).flat()[0]?.localPort;
  }
  /** A signed call to the server's clock endpoint over this connection. */
  async moveClock(creds: Credentials, body: object): Promise<void> {
    const u = new URL('/_gatehouse/clock', this.url);
    const signer = new SignatureV4({ service: 'gatehouse', region: 'us-east-1', credentials: creds, sha256: Sha256 });
    const json = JSON.stringify(body);
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host, 'content-type': 'application/json' }, body: json });
    const res = await new NodeHttpHandler({ httpAgent: this.agent }).handle(signed as never);
    assert.equal(res.response.statusCode, 200);
    await new Promise<void>((ok) => { (res.response.body as NodeJS.ReadableStream).resume().on('end', ok); });
  }
}

describe(`serve --processes ${PROCESSES}`, { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-processes-'));
  let server: ChildServer;
  let root: Credentials;
  const connections: Connection[] = [];
  /** Three connections served by three different processes. */
  let a: Connection, b: Connection, c: Connection;

  before(async () => {
    server = await spawnServer(dataDir, ['--accounts', 'utils,prod', '--processes', String(PROCESSES)]);
    root = server.root('utils');
    // Helpers take connections once they are up: open connections until three processes serve them.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const conn = new Connection(server.url);
      await conn.sts(root).send(new GetCallerIdentityCommand({}));
      conn.pid = serverPidOf(conn.localPort!, processTree(server.pid));
      connections.push(conn);
      const byPid = new Map(connections.map((x) => [x.pid, x]));
      if (byPid.size >= PROCESSES && !byPid.has(undefined)) {
        [a, b, c] = [...byPid.values()];
        return;
      }
      if (connections.length > 3 * PROCESSES) await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`connections reached only ${new Set(connections.map((x) => x.pid)).size} processes`);
  });
  after(async () => {
    for (const x of connections) x.agent.destroy();
    for (const pid of processTree(server.pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    await server.exited;
    cleanup(dataDir);
  });

  test('the server is one main process and its helpers, each serving connections', () => {
    const tree = processTree(server.pid);
    assert.equal(tree.length, PROCESSES);
    assert.deepEqual(new Set([a.pid, b.pid, c.pid]), new Set(tree));
  });

  test('every process keeps an idle connection open past node\'s 5 s default, as clients expect of a kept-alive one', async () => {
    const ports = [a, b, c].map((x) => x.localPort);
    await new Promise((r) => setTimeout(r, 6000));
    for (const x of [a, b, c]) await x.sts(root).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([a, b, c].map((x) => x.localPort), ports);
  });

  test('a key created on one process works on another; deleted on a third, it is refused on the one that used it', async () => {
    await a.iam(root).send(new CreateUserCommand({ UserName: 'crossing' }));
    const key = (await a.iam(root).send(new CreateAccessKeyCommand({ UserName: 'crossing' }))).AccessKey!;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const me = await b.sts(user).send(new GetCallerIdentityCommand({}));
    assert.match(me.Arn!, /:user\/crossing$/);
    await c.iam(root).send(new DeleteAccessKeyCommand({ UserName: 'crossing', AccessKeyId: user.accessKeyId }));
    await rejects(b.sts(user).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  test('a policy put on one process decides the next request on another', async () => {
    await a.iam(root).send(new CreateUserCommand({ UserName: 'lister' }));
    const key = (await a.iam(root).send(new CreateAccessKeyCommand({ UserName: 'lister' }))).AccessKey!;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await rejects(b.s3(user).send(new ListBucketsCommand({})), 'AccessDenied', 403);
    await c.iam(root).send(new PutUserPolicyCommand({ UserName: 'lister', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
    await b.s3(user).send(new ListBucketsCommand({}));
    await a.iam(root).send(new PutUserPolicyCommand({ UserName: 'lister', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }) }));
    await rejects(b.s3(user).send(new ListBucketsCommand({})), 'AccessDenied', 403);
  });

  test('what one process read and kept (an account\'s buckets, a role and the decision on it) gives way to a change made on another', async () => {
    const names = async () => ((await b.s3(root).send(new ListBucketsCommand({}))).Buckets ?? []).map((x) => x.Name);
    const before = await names();
    await a.s3(root).send(new CreateBucketCommand({ Bucket: 'made-on-another-process' }));
    assert.deepEqual(await names(), [...before, 'made-on-another-process'].sort());
    await c.s3(root).send(new DeleteBucketCommand({ Bucket: 'made-on-another-process' }));
    assert.deepEqual(await names(), before);

    const me = await a.sts(root).send(new GetCallerIdentityCommand({}));
    await a.iam(root).send(new CreateUserCommand({ UserName: 'keeper' }));
    await a.iam(root).send(new PutUserPolicyCommand({ UserName: 'keeper', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const key = (await a.iam(root).send(new CreateAccessKeyCommand({ UserName: 'keeper' }))).AccessKey!;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const trust = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: principal } }] });
    const role = (await a.iam(root).send(new CreateRoleCommand({ RoleName: 'kept-role', AssumeRolePolicyDocument: trust(`arn:aws:iam::${me.Account}:root`) }))).Role!;
    const assume = () => b.sts(user).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'kept' }));
    await assume();
    await assume();
    await c.iam(root).send(new UpdateAssumeRolePolicyCommand({ RoleName: 'kept-role', PolicyDocument: trust('arn:aws:iam::111122223333:root') }));
    await rejects(assume(), 'AccessDenied', 403);
  });

  test('the clock moved through one process expires sessions on every process', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${(await a.sts(root).send(new GetCallerIdentityCommand({}))).Account}:root` }, Action: 'sts:AssumeRole' }] };
    const role = (await a.iam(root).send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    await a.iam(root).send(new CreateUserCommand({ UserName: 'assumer' }));
    await a.iam(root).send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Arn }] }) }));
    const k = (await a.iam(root).send(new CreateAccessKeyCommand({ UserName: 'assumer' }))).AccessKey!;
    const s = (await a.sts({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'short-session', DurationSeconds: 900 }))).Credentials!;
    const session = { accessKeyId: s.AccessKeyId!, secretAccessKey: s.SecretAccessKey!, sessionToken: s.SessionToken! };
    for (const x of [a, b, c]) await x.sts(session).send(new GetCallerIdentityCommand({}));
    try {
      await b.moveClock(root, { advanceSeconds: 901 });
      for (const x of [a, b, c]) await rejects(x.sts(session).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403);
    } finally {
      await c.moveClock(root, { reset: true });
    }
    for (const x of [a, b, c]) await x.sts(session).send(new GetCallerIdentityCommand({}));
  });

  test('the console\'s decision log holds the decisions of every process', async () => {
    await a.iam(root).send(new CreateUserCommand({ UserName: 'watched' }));
    const k = (await a.iam(root).send(new CreateAccessKeyCommand({ UserName: 'watched' }))).AccessKey!;
    const watched = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    for (const x of [a, b, c]) await rejects(x.s3(watched).send(new ListBucketsCommand({})), 'AccessDenied', 403);
    const console = new ConsoleClient(server.url);
    assert.equal((await console.post('signin', { signInType: 'root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey })).status, 200);
    const log = await console.get('decisions');
    assert.equal(log.status, 200);
    const mine = (log.json.entries as Array<{ principal: string; action: string; decision: string }>).filter((e) => e.principal.endsWith(':user/watched'));
    assert.deepEqual(mine.map((e) => `${e.action} ${e.decision}`), Array(3).fill('s3:ListAllMyBuckets ImplicitDeny'));
  });

  test('an SCP attached, changed or an account moved through one process decides the next request on another', async () => {
    const prod = server.root('prod');
    const prodId = (await a.sts(prod).send(new GetCallerIdentityCommand({}))).Account!;
    await a.orgs(root).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await b.orgs(root).send(new ListRootsCommand({}))).Roots![0].Id!;
    await c.orgs(root).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const invite = (await a.orgs(root).send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: prodId } }))).Handshake!.Id!;
    await b.orgs(prod).send(new AcceptHandshakeCommand({ HandshakeId: invite }));
    const ou = (await c.orgs(root).send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'fenced' }))).OrganizationalUnit!.Id!;
    const denying = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
    const scp = (await a.orgs(root).send(new CreatePolicyCommand({ Name: 'fence', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: denying('s3:ListAllMyBuckets') }))).Policy!.PolicySummary!.Id!;
    await c.orgs(root).send(new AttachPolicyCommand({ PolicyId: scp, TargetId: ou }));
    // b keeps prod's root user's facts and its allowed decision between the changes made through a and c.
    const list = () => b.s3(prod).send(new ListBucketsCommand({}));
    await list();
    await list();
    await a.orgs(root).send(new MoveAccountCommand({ AccountId: prodId, SourceParentId: rootId, DestinationParentId: ou }));
    await rejects(list(), 'AccessDenied', 403);
    await c.orgs(root).send(new UpdatePolicyCommand({ PolicyId: scp, Content: denying('s3:PutObject') }));
    await list();
    await a.orgs(root).send(new UpdatePolicyCommand({ PolicyId: scp, Content: denying('s3:ListAllMyBuckets') }));
    await rejects(list(), 'AccessDenied', 403);
    await c.orgs(root).send(new MoveAccountCommand({ AccountId: prodId, SourceParentId: ou, DestinationParentId: rootId }));
    await list();
  });

  test('a helper that dies is replaced, and the server goes on serving meanwhile', async () => {
    const helper = processTree(server.pid).find((p) => p !== server.pid)!;
    process.kill(helper, 'SIGKILL');
    for (let i = 0; i < 10; i++) {
      const conn = new Connection(server.url);
      connections.push(conn);
      await conn.sts(root).send(new GetCallerIdentityCommand({}));
    }
    const deadline = Date.now() + 20_000;
    let tree = processTree(server.pid);
    while ((tree.length < PROCESSES || tree.includes(helper)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      tree = processTree(server.pid);
    }
    assert.equal(tree.length, PROCESSES);
    assert.ok(!tree.includes(helper));
  });

  test('the helpers end when the main process is killed', async () => {
    const helpers = processTree(server.pid).filter((p) => p !== server.pid);
    assert.ok(helpers.length > 0);
    process.kill(server.pid, 'SIGKILL');
    await server.exited;
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const deadline = Date.now() + 10_000;
    while (helpers.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(helpers.filter(alive), []);
  });
});

describe('the connection limit holds for the main process and its helpers together', { skip: !existsSync(BUNDLE) && 'not built' }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-processes-limit-'));
  let server: RunningServer;
  const agents: Agent[] = [];
  after(async () => {
    for (const a of agents) a.destroy();
    await server?.close();
    cleanup(dataDir);
  });

  /** A request on a new kept-alive connection: its status, or the error that ended it. */
  const ask = (agent: Agent) => new Promise<number | string>((ok) => {
    const req = request(`${server.url}/?Action=GetCallerIdentity`, { agent, timeout: 5000 }, (res) => { res.resume(); res.on('end', () => ok(res.statusCode!)); });
    req.on('timeout', () => { req.destroy(); ok('timeout'); });
    req.on('error', (e: NodeJS.ErrnoException) => ok(e.code ?? e.message));
    req.end();
  });

  test('six connections are served across two processes; a seventh is refused until one closes', async () => {
    server = await startServer({
      port: 0, dataDir, accounts: ['utils'], limits: { maxConnections: 6 },
      helpers: { count: 1, launch: { modulePath: BUNDLE, args: ['serve-helper', '--data-dir', dataDir], execArgv: [] } },
    });
    const pool = server.runtime.peers as ProcessPool;
    const deadline = Date.now() + 20_000;
    while (pool.readyHelpers < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(pool.readyHelpers, 1);
    const pids: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      assert.equal(await ask(agent), 403);
      pids.push(serverPidOf(Object.values(agent.freeSockets).flat()[0]!.localPort!, processTree(process.pid)));
    }
    assert.equal(new Set(pids).size, 2, `connections by process: ${pids.join(', ')}`);
    const seventh = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(seventh);
    assert.equal(await ask(seventh), 'ECONNRESET');
    agents[0].destroy();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await ask(seventh), 403);
  });
});

test('helpers that end before they are ready are tried three times, then the main process serves alone', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-processes-failing-'));
  const starts = join(dataDir, 'starts.log');
  const failing = join(dataDir, 'failing-helper.cjs');
  writeFileSync(failing, `require('node:fs').appendFileSync(${JSON.stringify(starts)}, 'start\\n'); process.exit(3);`);
  const server = await startServer({ port: 0, dataDir, accounts: ['utils'], helpers: { count: 1, launch: { modulePath: failing, args: [], execArgv: [] } } });
  try {
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(readFileSync(starts, 'utf8'), 'start\n'.repeat(3));
    const res = await fetch(`${server.url}/?Action=GetCallerIdentity`);
    assert.equal(res.status, 403);
  } finally {
    await server.close();
    cleanup(dataDir);
  }
});
