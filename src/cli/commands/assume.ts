/**
 * gatehouse assume: temporary credentials for a role, the way aws-vault exec
 * gives them — `export` lines, a credential_process answer, or a command run
 * with them in its environment. Reads the same shared config and credentials
 * files the AWS CLI reads (role_arn, source_profile, mfa_serial, external_id,
 * role_session_name, duration_seconds, endpoint_url), or a data dir's.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parse as parseIni } from 'ini';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

const USAGE = 'usage: gatehouse assume PROFILE_OR_ROLE_ARN [--data-dir D] [--profile SOURCE] [--duration S] [--mfa-code CODE] [--endpoint URL] [--credential-process] [-- command args…]\n';

type Section = Record<string, string>;

function readIni(file: string | undefined): Record<string, Section> {
  return file && existsSync(file) ? parseIni(readFileSync(file, 'utf8')) as Record<string, Section> : {};
}

async function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) { rl.close(); return line.trim(); }
  return '';
}

export async function assumeCommand(args: string[]): Promise<number> {
  const dash = args.indexOf('--');
  const own = dash >= 0 ? args.slice(0, dash) : args;
  const command = dash >= 0 ? args.slice(dash + 1) : [];
  const { values, positionals } = parseArgs({
    args: own, allowPositionals: true,
    options: {
      'data-dir': { type: 'string' }, profile: { type: 'string' }, duration: { type: 'string' }, 'mfa-code': { type: 'string' },
      endpoint: { type: 'string' }, 'credential-process': { type: 'boolean', default: false },
    },
  });
  const [target] = positionals;
  if (!target || positionals.length > 1 || (values.duration !== undefined && !/^\d+$/.test(values.duration))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const dir = values['data-dir'] ? resolve(values['data-dir']) : undefined;
  const configFile = dir ? join(dir, 'aws', 'config') : process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  const credentialsFile = dir ? join(dir, 'aws', 'credentials') : process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  const config = readIni(configFile);
  const credentials = readIni(credentialsFile);
  const profileSection = (name: string): Section => config[name === 'default' ? 'default' : `profile ${name}`] ?? {};

  const roleProfile: Section = target.startsWith('arn:') ? { role_arn: target } : profileSection(target);
  if (!roleProfile.role_arn) throw new Error(`profile '${target}' has no role_arn in ${configFile}`);
  const source = values.profile ?? roleProfile.source_profile ?? process.env.AWS_PROFILE ?? 'default';
  const keys = { ...profileSection(source), ...credentials[source] };
  if (!keys.aws_access_key_id || !keys.aws_secret_access_key) throw new Error(`no credentials for source profile '${source}' in ${credentialsFile}`);

  let tokenCode = values['mfa-code'];
  const serial = roleProfile.mfa_serial;
  if (serial && !tokenCode) tokenCode = await prompt(`Enter MFA code for ${serial}: `);
  const endpoint = values.endpoint ?? roleProfile.endpoint_url ?? profileSection(source).endpoint_url ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566';
  const region = roleProfile.region ?? profileSection(source).region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const sts = new STSClient({
    endpoint, region, maxAttempts: 1,
    credentials: { accessKeyId: keys.aws_access_key_id, secretAccessKey: keys.aws_secret_access_key, sessionToken: keys.aws_session_token },
  });
  const out = await sts.send(new AssumeRoleCommand({
    RoleArn: roleProfile.role_arn,
    RoleSessionName: roleProfile.role_session_name ?? `gatehouse-${Date.now()}`,
    DurationSeconds: values.duration ? Number(values.duration) : roleProfile.duration_seconds ? Number(roleProfile.duration_seconds) : undefined,
    ExternalId: roleProfile.external_id,
    SerialNumber: serial, TokenCode: serial ? tokenCode : undefined,
  }));
  const c = out.Credentials!;
  if (values['credential-process']) {
    // The credential_process contract: Version 1 JSON on stdout.
    process.stdout.write(`${JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration?.toISOString() })}\n`);
    return 0;
  }
  const env = { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: c.SessionToken!, AWS_ENDPOINT_URL: endpoint, AWS_REGION: region, AWS_DEFAULT_REGION: region };
  if (command.length === 0) {
    for (const [k, v] of Object.entries(env)) process.stdout.write(`export ${k}=${v}\n`);
    return 0;
  }
  // Like aws-vault exec: the command sees only the session, not the source profile.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.AWS_PROFILE;
  return new Promise((resolveExit) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: childEnv });
    child.on('error', (e) => { process.stderr.write(`gatehouse: ${e.message}\n`); resolveExit(127); });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}
