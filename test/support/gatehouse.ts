/** Starts a real Gatehouse server on a fresh data dir for a test, and gives clients for its accounts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../../src/server/start.js';

export interface Credentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export class TestGatehouse {
  constructor(readonly server: RunningServer, readonly dataDir: string, private readonly ownsDir: boolean) {}

  static async start(opts: { dataDir?: string; accounts?: string[] } = {}): Promise<TestGatehouse> {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    const server = await startServer({ port: 0, dataDir, accounts: opts.accounts ?? ['utils', 'prod'] });
    return new TestGatehouse(server, dataDir, opts.dataDir === undefined);
  }

  account(name: string) {
    const a = this.server.accounts.find((x) => x.name === name);
    if (!a) throw new Error(`no account ${name}`);
    return a;
  }

  root(name: string): Credentials {
    const a = this.account(name);
    return { accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey };
  }

  private config(creds: Credentials) {
    return { endpoint: this.server.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 };
  }
  iam(creds: Credentials) { return new IAMClient(this.config(creds)); }
  sts(creds: Credentials) { return new STSClient(this.config(creds)); }
  s3(creds: Credentials) { return new S3Client({ ...this.config(creds), forcePathStyle: true }); }

  /** A new IAM user of the account, with an access key of its own. */
  async userWithKey(account: string, name: string): Promise<Credentials> {
    const iam = this.iam(this.root(account));
    await iam.send(new CreateUserCommand({ UserName: name }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }

  /** Environment for real CLI / Terraform processes: only the profile files, nothing else of AWS. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...profilesEnv(this.server.profiles), ...extra };
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The environment a test gives the clients it spawns (aws, gatehouse, terraform, python): this
 * process's without any AWS_* variable of the user's shell (profile files, keys, profile, endpoint,
 * region), so a test sees only what it sets in `extra`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

/** Environment for real CLI / Terraform processes: the given profile files, nothing else of AWS from this shell. */
export function profilesEnv(files: { configFile: string; credentialsFile: string }): NodeJS.ProcessEnv {
  return cleanEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile });
}

export interface RunResult { code: number; stdout: string; stderr: string }

/** Runs a program without blocking the event loop (the server under test lives in this process). */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export function which(cmd: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${cmd}`], process.env).then((r) => r.code === 0);
}

export const cleanup = (dir: string) => rmSync(dir, { recursive: true, force: true });
