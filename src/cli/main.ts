#!/usr/bin/env node
/** gatehouse: the command line. Each verb lives in commands/<verb>.ts; its usage in usage.ts. */
import { HELP, USAGE, parseProblem, synopsis } from './usage.js';
import { silenceSdkNodeWarning } from './sdk-warning.js';

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

/** --help or -h among a verb's own options (not after `--`, where assume's command begins). */
function asksForHelp(args: string[]): boolean {
  const dash = args.indexOf('--');
  return (dash >= 0 ? args.slice(0, dash) : args).some((a) => a === '--help' || a === '-h');
}

/** node:util parseArgs's complaints (unknown option, missing value...) are usage errors. */
const isParseError = (e: unknown) => /^ERR_PARSE_ARGS_/.test((e as { code?: string })?.code ?? '');

/** One line for what went wrong: AWS's code and message for an AWS error, the message otherwise. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const aws = (e as { $metadata?: unknown }).$metadata !== undefined;
  return (aws && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message).split('\n')[0];
}

silenceSdkNodeWarning();

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
  if (Object.hasOwn(USAGE, verb) && asksForHelp(rest)) {
    process.stdout.write(`usage:\n${USAGE[verb]}`);
    return 0;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    if (isParseError(e)) {
      process.stderr.write(`gatehouse ${verb}: ${parseProblem(e as Error)}\n${synopsis(verb)}`);
      return 2;
    }
    process.stderr.write(`gatehouse ${verb}: ${describe(e)}\n`);
    // target.ts is not imported here: `serve` would load it for nothing.
    const notFound = (e as Error)?.name === 'TargetError';
    if (process.env.GATEHOUSE_DEBUG && !notFound) process.stderr.write(`${(e as Error)?.stack}\n`);
    return notFound ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => { if (code !== 0) process.exitCode = code; });
