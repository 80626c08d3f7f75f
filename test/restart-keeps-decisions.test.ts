/**
 * The decision log is kept in the data dir's store: decisions made through real SDK calls are still
 * listed by the console after the server restarts on the same data dir (stopped, or killed after a
 * read), and `serve --decision-log-size N` keeps only the newest N.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, GetUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';
import { cleanup, type Credentials } from './support/gatehouse.js';
import { spawnServer, type ChildServer } from './support/child-server.js';
import { rejects } from './support/errors.js';
import { ConsoleClient } from './support/console.js';

interface Entry { principal: string; action: string; resource: string; decision: string; reason?: string; trace: unknown[] }

const iam = (url: string, creds: Credentials) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
const s3 = (url: string, creds: Credentials) => new S3Client({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1, forcePathStyle: true });

/** The console's decision log as the account's root sees it (newest first). */
async function consoleLog(server: ChildServer, account: string): Promise<Entry[]> {
  const c = new ConsoleClient(server.url);
  const root = server.root(account);
  assert.equal((await c.post('signin', { signInType: 'root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey })).status, 200);
  const log = await c.get('decisions');
  assert.equal(log.status, 200);
  return log.json.entries;
}

/** A graceful stop (SIGTERM, as systemd or `kill` sends), waiting for the server and its helpers to exit. */
async function stop(server: ChildServer): Promise<void> {
  process.kill(server.pid, 'SIGTERM');
  assert.equal(await server.exited, 0);
}

async function randomUser(server: ChildServer): Promise<Credentials> {
  const utils = iam(server.url, server.root('utils'));
  await utils.send(new CreateUserCommand({ UserName: 'random_user' }));
  // A policy that allows none of what it is asked below: its statement is in every denial's trace.
  const listUsers = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyListUsers', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
  await utils.send(new PutUserPolicyCommand({ UserName: 'random_user', PolicyName: 'list-users', PolicyDocument: listUsers }));
  const k = (await utils.send(new CreateAccessKeyCommand({ UserName: 'random_user' }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

test('decisions survive a restart, with their traces and AWS reasons, and a kill after a read', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-decisions-'));
  const data = join(dir, 'data');
  let server: ChildServer | undefined;
  try {
    server = await spawnServer(data, ['--accounts', 'utils,prod', '--processes', '2']);
    const user = await randomUser(server);
    for (let i = 0; i < 3; i++) await rejects(s3(server.url, user).send(new ListBucketsCommand({})), 'AccessDenied', 403);
    await rejects(iam(server.url, user).send(new GetUserCommand({ UserName: 'random_user' })), 'AccessDenied', 403);
    await iam(server.url, server.root('utils')).send(new ListUsersCommand({}));
    const mine = (entries: Entry[]) => entries.filter((e) => e.principal.endsWith(':user/random_user')).map((e) => `${e.action} ${e.decision}`);
    const expected = ['iam:GetUser ImplicitDeny', ...Array(3).fill('s3:ListAllMyBuckets ImplicitDeny')];

    await stop(server);
    server = await spawnServer(data, ['--processes', '2']);
    const after = await consoleLog(server, 'utils');
    assert.deepEqual(mine(after), expected, 'newest first, as before the restart');
    const denied = after.find((e) => e.action === 'iam:GetUser')!;
    assert.match(denied.reason!, /user\/random_user is not authorized to perform: iam:GetUser on resource: .*user\/random_user because no identity-based policy allows the iam:GetUser action/);
    assert.match(JSON.stringify(denied.trace), /OnlyListUsers|list-users/, 'the trace is kept');
    assert.ok(after.some((e) => e.principal.endsWith(':root') && e.action === 'iam:ListUsers' && e.decision === 'Allow'));

    // What a read has listed is in the store: a kill (no flush at exit) does not take it.
    await rejects(s3(server.url, user).send(new ListBucketsCommand({})), 'AccessDenied', 403);
    assert.equal(mine(await consoleLog(server, 'utils')).length, 5);
    await server.crash();
    server = await spawnServer(data, ['--processes', '1']);
    assert.deepEqual(mine(await consoleLog(server, 'utils')), ['s3:ListAllMyBuckets ImplicitDeny', ...expected]);
  } finally {
    await server?.crash();
    cleanup(dir);
  }
});

test('serve --decision-log-size N keeps the newest N decisions', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-decisions-'));
  const data = join(dir, 'data');
  let server: ChildServer | undefined;
  try {
    server = await spawnServer(data, ['--accounts', 'utils,prod', '--processes', '1', '--decision-log-size', '4']);
    const user = await randomUser(server);
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const n of names) await rejects(iam(server.url, user).send(new GetUserCommand({ UserName: n })), 'AccessDenied', 403);
    await stop(server);
    server = await spawnServer(data, ['--processes', '1', '--decision-log-size', '4']);
    // Signing in to the console is itself decided (and logged) after them: of the 4 kept, the newest of the 7 come last.
    const entries = await consoleLog(server, 'utils');
    assert.equal(entries.length, 4, JSON.stringify(entries.map((e) => e.action)));
    const kept = entries.filter((e) => e.action === 'iam:GetUser').map((e) => e.resource.split('/').pop());
    assert.ok(kept.length > 0);
    assert.deepEqual(kept, names.slice().reverse().slice(0, kept.length));

    const bad = await spawnServer(join(dir, 'other'), ['--decision-log-size', 'lots']).then(() => 'started', (e: Error) => e.message);
    assert.match(bad, /--decision-log-size must be a number from 0 to 10000000, not lots/);
  } finally {
    await server?.crash();
    cleanup(dir);
  }
});
