/**
 * `serve --ready-json`: the one JSON line a test fixture in any language reads to find the server
 * once it listens: where it is, its accounts with their root keys and profiles, the profile files
 * and the data dir. Nothing else goes to stdout in that mode.
 */
import type { RunningServer } from '../server/start.js';
import type { ReadyLine } from '../testing/ready-line.js';

export function readyLine(server: RunningServer, region: string): ReadyLine {
  const org = server.organization;
  return {
    endpoint: server.url,
    region,
    pid: process.pid,
    dataDir: server.dataDir,
    configFile: server.profiles.configFile,
    credentialsFile: server.profiles.credentialsFile,
    accounts: server.accounts.map((a) => ({ name: a.name, id: a.id, profile: a.name, accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey })),
    ...(org ? { organization: { id: org.id, managementAccountId: org.management_account_id } } : {}),
    moreProfiles: [...server.moreProfiles.keys, ...server.moreProfiles.roles].map((p) => p.name),
  };
}
