/**
 * Every verb's usage, in one table: `gatehouse help` prints it all, `gatehouse VERB --help` its
 * verb's entry, and a usage error the entry's first lines (the synopsis).
 */

const where = (last = '') => `      Finds the server and credentials as every command does: --endpoint/--profile, then --data-dir,
      then AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE/AWS_PROFILE when set, then ./.gatehouse${last}.`;

export const USAGE: Record<string, string> = {
  serve: `  gatehouse serve [--host H] [--port P] [--data-dir D] [--accounts utils,prod=123456789012] [--region R] [--log]
                  [--oidc-jwks ISSUER_URL=PATH]… [--processes N] [--decision-log-size N] [--organization] [--ready-json]
      Start the server (default 127.0.0.1:4566, data in ./.gatehouse, accounts utils and prod
      on a new data dir). Writes D/aws/config and D/aws/credentials with one profile per account.
      --organization: the first account manages an organization, the others are its members, each
      with OrganizationAccountAccessRole and a profile NAME-admin assuming it as the first account's
      user organization-admin (profile FIRST-admin). Again with the same accounts it changes nothing;
      an account of another organization is refused.
      --log prints one line per request: status, service:Operation, error code, caller.
      --processes N: processes serving requests on the one data dir (default: one a core, at most 4).
      --decision-log-size N: authorization decisions the decision log keeps in the data dir's database,
      the newest (default 10000; 0 keeps none).
      --oidc-jwks ISSUER_URL=PATH (repeatable): the JWKS file that AssumeRoleWithWebIdentity verifies
      that issuer's tokens with; issuers on loopback are otherwise asked for their keys, no others.
      --ready-json (for test fixtures, with --port 0): once listening, print one JSON line on stdout
      (endpoint, region, pid, dataDir, configFile, credentialsFile, accounts: name, id, profile,
      accessKeyId, secretAccessKey; organization) and everything else on stderr; keep the estate as
      started so that POST /_gatehouse/reset, signed by an account root, returns to it (docs/testing.md).
`,
  accounts: `  gatehouse accounts list [--data-dir D]
  gatehouse accounts create NAME[=ACCOUNT_ID] [--data-dir D]
      List or create accounts of a data dir (each with root credentials). The data dir is --data-dir,
      else the one AWS_SHARED_CREDENTIALS_FILE lies in when set, else ./.gatehouse.
`,
  clock: `  gatehouse clock [show|advance SECONDS|reset] [--data-dir D] [--endpoint URL] [--profile NAME]
      Show, move or reset (to real time) a running server's clock, to test expiry (signed as an account root).
${where()}
`,
  demo: `  gatehouse demo
      Run the bastion-account scenario against a fresh temporary server, step by step.
`,
  operations: `  gatehouse operations
      List the IAM, STS, S3, S3 Control and Organizations operations this build implements.
`,
  explain: `  gatehouse explain PRINCIPAL_ARN ACTION [RESOURCE] [--context KEY=VALUE]… [--resource-policy FILE]
                    [--session-policy FILE]… [--resource-owner ACCOUNT] [--json]
                    [--data-dir D | --endpoint URL --profile NAME]
      May this user, role or session do ACTION on RESOURCE, as the server would decide it (the role's
      trust policy or the bucket's policy included)? Prints the decision, the side that decided and the
      trace (policy type → policy → statement, applies or why not). With --endpoint/--profile the server
      answers for an account root; another profile gets IAM's simulator, which says what it could not see.
      Otherwise the data dir's store answers. Exit 0 allowed, 1 denied, 2 usage, 3 undetermined.
${where()}
`,
  assume: `  gatehouse assume PROFILE_OR_ROLE_ARN [--data-dir D] [--profile SOURCE] [--duration S] [--mfa-code CODE]
                   [--endpoint URL] [--credential-process] [-- command args…]
      Assume a role (a profile's role_arn, source_profile, mfa_serial, external_id, or a role ARN with
      --profile) and print export lines (eval "$(gatehouse assume …)" sets them in your shell), answer
      as a credential_process (--credential-process), or run the command with the session's credentials.
      Asks for the MFA code on stdin when the profile has mfa_serial and no --mfa-code is given.
${where(', then ~/.aws')}
`,
  help: `  gatehouse help
      This text; \`gatehouse COMMAND --help\` (or -h) shows one command's.
`,
};

export const HELP = `gatehouse — a local, AWS-compatible, multi-account IAM / STS / S3

Usage:
${Object.values(USAGE).join('')}`;

/** node:util parseArgs's complaint (unknown option, missing value...) without its advice on `--`, which is not the user's business. */
export function parseProblem(e: Error): string {
  return e.message.replace(/\. To specify a positional argument.*$/s, '');
}

/** The synopsis lines of a verb's entry (those starting with `gatehouse` and their continuations). */
export function synopsis(verb: string): string {
  const lines = USAGE[verb].split('\n');
  const described = lines.findIndex((l) => /^ {6}\S/.test(l));
  return `usage:\n${lines.slice(0, described < 0 ? undefined : described).filter(Boolean).join('\n')}\n`;
}
