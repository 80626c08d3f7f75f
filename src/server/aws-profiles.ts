/**
 * Writes an AWS shared config and credentials file with one profile per
 * account, so the CLI, SDKs, boto3 and Terraform reach this server with
 * nothing but AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE set. Users add
 * their own profiles to these files (`aws configure set ... --profile x`):
 * each start rewrites only the accounts' profiles and keeps the rest.
 * Only the main process writes them (helpers of `serve --processes` do not).
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AccountWithRoot } from '../services/accounts.js';
import { replaceSections, type OwnedSection } from './profile-sections.js';

export interface ProfileFiles { configFile: string; credentialsFile: string }

/** A profile with an IAM user's access key, beside the accounts' root profiles. */
export interface KeyProfile { name: string; accountId: string; userName: string; accessKeyId: string; secretAccessKey: string }
/** A profile that assumes a role of an account through another profile's credentials (role_arn + source_profile). */
export interface RoleProfile { name: string; accountId: string; roleName: string; sourceProfile: string }
/** Profiles written besides one per account (see organization-profiles.ts). */
export interface MoreProfiles { keys: KeyProfile[]; roles: RoleProfile[] }

export function writeAwsProfiles(dataDir: string, endpoint: string, region: string, accounts: AccountWithRoot[], more: MoreProfiles = { keys: [], roles: [] }): ProfileFiles {
  const dir = join(dataDir, 'aws');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const settings = [
    `region = ${region}`,
    `endpoint_url = ${endpoint}`,
    'output = json',
    // Buckets are addressed by path: bucket names are no DNS names on a loopback endpoint.
    's3 =',
    '    addressing_style = path',
  ];
  const keyed = [
    ...accounts.map((a) => ({ name: a.name, accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey })),
    ...more.keys,
  ];
  const config: OwnedSection[] = [
    ...keyed.map((k) => ({ name: `profile ${k.name}`, lines: settings })),
    ...more.roles.map((r) => ({ name: `profile ${r.name}`, lines: [`role_arn = arn:aws:iam::${r.accountId}:role/${r.roleName}`, `source_profile = ${r.sourceProfile}`, ...settings] })),
  ];
  const credentials: OwnedSection[] = keyed.map((k) => ({
    name: k.name,
    lines: [`aws_access_key_id = ${k.accessKeyId}`, `aws_secret_access_key = ${k.secretAccessKey}`],
  }));
  const files = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  rewriteSections(files.configFile, config);
  rewriteSections(files.credentialsFile, credentials);
  return files;
}

/**
 * Replaces the owned sections of file (creating it if needed) through a new file renamed over it:
 * a client reading it meanwhile sees the old file or the new one, never half of one.
 */
function rewriteSections(file: string, owned: OwnedSection[]): void {
  let target = file;
  let before = '';
  try {
    // A file the user made a link to their own elsewhere stays a link: the file it names is rewritten.
    target = realpathSync(file);
    before = readFileSync(target, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const after = replaceSections(before, owned);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.new`);
  writeFileSync(temp, after, { mode: 0o600 });
  renameSync(temp, target);
}
