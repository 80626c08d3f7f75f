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

export function writeAwsProfiles(dataDir: string, endpoint: string, region: string, accounts: AccountWithRoot[]): ProfileFiles {
  const dir = join(dataDir, 'aws');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config: OwnedSection[] = accounts.map((a) => ({
    name: `profile ${a.name}`,
    lines: [
      `region = ${region}`,
      `endpoint_url = ${endpoint}`,
      'output = json',
      // Buckets are addressed by path: bucket names are no DNS names on a loopback endpoint.
      's3 =',
      '    addressing_style = path',
    ],
  }));
  const credentials: OwnedSection[] = accounts.map((a) => ({
    name: a.name,
    lines: [`aws_access_key_id = ${a.rootAccessKeyId}`, `aws_secret_access_key = ${a.rootSecretAccessKey}`],
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
