/**
 * `gatehouse serve --port 0 --ready-json`: one JSON line on stdout once listening, nothing else
 * there (the banner and the request log go to stderr); and POST /_gatehouse/reset answers only a
 * server started so (others keep no snapshot to go back to).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GATEHOUSE_COMMAND, spawnServer } from './support/child-server.js';
import { adminFetch } from '../src/testing/admin-fetch.js';
import { startGatehouse } from '../src/testing/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

test('serve --ready-json prints exactly one JSON line on stdout, with what a fixture needs', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-ready-'));
  try {
    const child = spawn('node', [...GATEHOUSE_COMMAND, 'serve', '--port', '0', '--ready-json', '--log', '--processes', '2',
      '--data-dir', dataDir, '--accounts', 'utils,prod=123456789012', '--organization'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const ready = JSON.parse(first);
    assert.match(ready.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.region, 'us-east-1');
    assert.equal(ready.pid, child.pid);
    assert.equal(ready.dataDir, dataDir);
    assert.equal(ready.configFile, join(dataDir, 'aws', 'config'));
    assert.equal(ready.credentialsFile, join(dataDir, 'aws', 'credentials'));
    assert.deepEqual(ready.accounts.map((a: { name: string; id: string; profile: string }) => [a.name, a.profile]), [['utils', 'utils'], ['prod', 'prod']]);
    assert.equal(ready.accounts[1].id, '123456789012');
    assert.equal(ready.organization.managementAccountId, ready.accounts[0].id);
    assert.deepEqual(ready.moreProfiles, ['utils-admin', 'prod-admin']);
    assert.ok(readFileSync(ready.credentialsFile, 'utf8').includes(ready.accounts[1].secretAccessKey));
    // The keys work; the request log line goes to stderr like the banner.
    const prod = ready.accounts[1];
    const me = await new STSClient({ endpoint: ready.endpoint, region: ready.region, credentials: prod }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, '123456789012');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(stdout, `${first}\n`, 'nothing on stdout but the line');
    assert.match(stderr, /Gatehouse listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(stderr, /export AWS_SHARED_CREDENTIALS_FILE=/);
    assert.match(stderr, /200 sts:GetCallerIdentity/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a server started without --ready-json refuses a reset: it keeps no snapshot', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-no-snapshot-'));
  // A snapshot left by an earlier --ready-json run of the same data dir is no reset target for this one.
  await (await startGatehouse({ dataDir })).stop();
  const server = await spawnServer(dataDir, ['--processes', '1']);
  try {
    const answer = await adminFetch({ endpoint: server.url, region: 'us-east-1', credentials: server.root('utils') }, 'POST', '/_gatehouse/reset', '{}');
    assert.equal(answer.status, 409);
    assert.match(answer.text, /ResetUnavailable.*--ready-json/);
  } finally {
    await server.crash();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
