#!/usr/bin/env node
/** gatehouse: the command line. Each verb lives in commands/<verb>.ts. */

const HELP = `gatehouse — a local, AWS-compatible, multi-account IAM / STS / S3

Usage:
  gatehouse serve [--host H] [--port P] [--data-dir D] [--accounts utils,prod=123456789012] [--region R] [--log]
                  [--oidc-jwks ISSUER_URL=PATH]… [--processes N]
      Start the server (default 127.0.0.1:4566, data in ./.gatehouse, accounts utils and prod
      on a new data dir). Writes D/aws/config and D/aws/credentials with one profile per account.
      --log prints one line per request: status, service:Operation, error code, caller.
      --processes N: processes serving requests on the one data dir (default: one a core, at most 4).
      --oidc-jwks ISSUER_URL=PATH (repeatable): the JWKS file that AssumeRoleWithWebIdentity verifies
      that issuer's tokens with; issuers on loopback are otherwise asked for their keys, no others.
  gatehouse accounts list [--data-dir D]
  gatehouse accounts create NAME[=ACCOUNT_ID] [--data-dir D]
      List or create accounts of a data dir (each with root credentials).
  gatehouse clock [show|advance SECONDS|reset] [--data-dir D] [--endpoint URL] [--profile NAME]
      Show, move or reset (to real time) a running server's clock, to test expiry (signed as an account root).
  gatehouse demo
      Run the bastion-account scenario against a fresh temporary server, step by step.
  gatehouse operations
      List the IAM, STS and S3 operations this build implements.
  gatehouse explain PRINCIPAL_ARN ACTION [RESOURCE] [--context KEY=VALUE]… [--resource-policy FILE]
                    [--session-policy FILE]… [--resource-owner ACCOUNT] [--json]
                    [--data-dir D | --endpoint URL --profile NAME]
      May this user, role or session do ACTION on RESOURCE? Prints the decision and the trace
      (policy type → policy → statement, applies or why not). Exit 0 allowed, 1 denied, 2 usage.
  gatehouse assume PROFILE_OR_ROLE_ARN [--data-dir D] [--profile SOURCE] [--duration S] [--mfa-code CODE]
                   [--endpoint URL] [--credential-process] [-- command args…]
      Assume a role (a profile's role_arn, source_profile, mfa_serial, external_id, or a role ARN with
      --profile) and print export lines, answer as a credential_process (--credential-process), or run
      the command with the session's credentials. Asks for the MFA code on stdin when the profile has
      mfa_serial and no --mfa-code is given.
  gatehouse help
`;

type Command = (args: string[]) => Promise<number>;

// Each verb's modules load when it runs: `serve` must not pay for the SDK clients `demo` and `assume` use.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  // internal: the helper processes `serve --processes` starts (not for users, so not in the help)
  'serve-helper': async () => (await import('./commands/serve.js')).serveHelperCommand,
  accounts: async () => (await import('./commands/accounts.js')).accountsCommand,
  clock: async () => (await import('./commands/clock.js')).clockCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  operations: async () => (await import('./commands/operations.js')).operationsCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  assume: async () => (await import('./commands/assume.js')).assumeCommand,
};

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  const load = Object.hasOwn(commands, verb) ? commands[verb] : undefined;
  if (!load) {
    process.stderr.write(`gatehouse: unknown command '${verb}'\n\n${HELP}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== 0) process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`gatehouse: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
