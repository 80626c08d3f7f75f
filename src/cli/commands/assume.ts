/**
 * gatehouse assume: temporary credentials for a role, the way aws-vault exec
 * gives them — `export` lines, a credential_process answer, or a command run
 * with them in its environment. Reads the same shared config and credentials
 * files the AWS CLI reads (role_arn, source_profile, mfa_serial, external_id,
 * role_session_name, duration_seconds, endpoint_url), or a data dir's.
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { findProfileFiles, readProfiles, targetIn, TargetError, unreachable } from '../target.js';
import { synopsis } from '../usage.js';
import { withoutOurSdkSwitch } from '../sdk-warning.js';

async function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) { rl.close(); return line.trim(); }
  return '';
}

/** A value as one single-quoted shell word, so `eval "$(gatehouse assume …)"` sets exactly it. */
const shellQuoted = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** STS's AccessDenied does not say which side is missing (as on AWS): explain does. */
function explainHint(e: unknown, roleArn: string): string {
  if ((e as Error)?.name !== 'AccessDenied') return '';
  const caller = /User: (\S+) is not authorized/.exec((e as Error).message)?.[1];
  return caller ? `  which side is missing? ask: gatehouse explain ${caller} sts:AssumeRole ${roleArn}\n` : '';
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
    process.stderr.write(synopsis('assume'));
    return 2;
  }
  const files = findProfileFiles({ dataDir: values['data-dir'], homeFallback: true });
  let roleProfile: Record<string, string> = { role_arn: target };
  if (!target.startsWith('arn:')) {
    const profiles = readProfiles(files);
    const named = profiles.find((p) => p.name === target);
    const roles = profiles.filter((p) => p.settings.role_arn).map((p) => p.name).join(', ') || 'none';
    if (!named?.settings.role_arn) {
      throw new TargetError(`${named ? `profile '${target}' has no role_arn` : `no profile '${target}'`} in ${files.configFile} (role profiles there: ${roles}); name one, or a role ARN with --profile SOURCE`);
    }
    roleProfile = named.settings;
  }
  const source = targetIn(files, { profile: values.profile ?? roleProfile.source_profile, endpoint: values.endpoint ?? roleProfile.endpoint_url });
  const { endpoint, credentials: keys } = source;
  const region = roleProfile.region ?? source.region;

  let tokenCode = values['mfa-code'];
  const serial = roleProfile.mfa_serial;
  if (serial && !tokenCode) tokenCode = await prompt(`Enter MFA code for ${serial}: `);
  const sts = new STSClient({ endpoint, region, maxAttempts: 1, credentials: keys });
  let out;
  try {
    out = await sts.send(new AssumeRoleCommand({
      RoleArn: roleProfile.role_arn,
      RoleSessionName: roleProfile.role_session_name ?? `gatehouse-${Date.now()}`,
      DurationSeconds: values.duration ? Number(values.duration) : roleProfile.duration_seconds ? Number(roleProfile.duration_seconds) : undefined,
      ExternalId: roleProfile.external_id,
      SerialNumber: serial, TokenCode: serial ? tokenCode : undefined,
    }));
  } catch (e) {
    const hint = explainHint(e, roleProfile.role_arn);
    if (!hint) throw unreachable(e, endpoint) ?? e;
    process.stderr.write(`gatehouse assume: AccessDenied: ${(e as Error).message}\n${hint}`);
    return 1;
  }
  const c = out.Credentials!;
  if (values['credential-process']) {
    // The credential_process contract: Version 1 JSON on stdout.
    process.stdout.write(`${JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration?.toISOString() })}\n`);
    return 0;
  }
  const env = { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: c.SessionToken!, AWS_ENDPOINT_URL: endpoint, AWS_REGION: region, AWS_DEFAULT_REGION: region };
  if (command.length === 0) {
    for (const [k, v] of Object.entries(env)) process.stdout.write(`export ${k}=${shellQuoted(v)}\n`);
    return 0;
  }
  // Like aws-vault exec: the command sees only the session, not the source profile.
  const childEnv: NodeJS.ProcessEnv = withoutOurSdkSwitch({ ...process.env, ...env });
  delete childEnv.AWS_PROFILE;
  return new Promise((resolveExit) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: childEnv });
    child.on('error', (e) => { process.stderr.write(`gatehouse: ${e.message}\n`); resolveExit(127); });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}
