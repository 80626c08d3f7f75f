/**
 * Writes an AWS shared config and credentials file with one profile per
 * account, so the CLI, SDKs, boto3 and Terraform reach this server with
 * nothing but AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE set.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountWithRoot } from '../services/accounts.js';

export interface ProfileFiles { configFile: string; credentialsFile: string }

export function writeAwsProfiles(dataDir: string, endpoint: string, region: string, accounts: AccountWithRoot[]): ProfileFiles {
  const dir = join(dataDir, 'aws');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = accounts.map((a) => [
    `[profile ${a.name}]`,
    `region = ${region}`,
    `endpoint_url = ${endpoint}`,
    'output = json',
    // Buckets are addressed by path: bucket names are no DNS names on a loopback endpoint.
    's3 =',
    '    addressing_style = path',
    '',
  ].join('\n')).join('\n');
  const credentials = accounts.map((a) => [
    `[${a.name}]`,
    `aws_access_key_id = ${a.rootAccessKeyId}`,
    `aws_secret_access_key = ${a.rootSecretAccessKey}`,
    '',
  ].join('\n')).join('\n');
  const files = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  writeFileSync(files.configFile, config, { mode: 0o600 });
  writeFileSync(files.credentialsFile, credentials, { mode: 0o600 });
  return files;
}
