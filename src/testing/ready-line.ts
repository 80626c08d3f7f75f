/** The line `gatehouse serve --ready-json` prints (src/cli/ready-line.ts writes it, gatehouse/testing reads it). */

export interface ReadyAccount {
  name: string;
  id: string;
  /** the account's root profile in configFile/credentialsFile */
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ReadyLine {
  endpoint: string;
  region: string;
  /** the server's (main) process */
  pid: number;
  dataDir: string;
  configFile: string;
  credentialsFile: string;
  accounts: ReadyAccount[];
  /** with --organization */
  organization?: { id: string; managementAccountId: string };
  /** profiles beside the accounts' own (an organization's administrators) */
  moreProfiles: string[];
}
