import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/start.js';
import { configureOidcJwks } from '../../services/sts/web-identity.js';
import { bindWarning } from '../../server/limits.js';
import { availableParallelism } from 'node:os';
import { runHelper } from '../../server/processes/helper.js';
import type { Runtime } from '../../server/runtime.js';
import { readyLine } from '../ready-line.js';

type RequestLogger = NonNullable<Runtime['onRequest']>;

/** Processes serving requests when --processes is not given: one a core, at most four. */
export const defaultProcesses = () => Math.max(1, Math.min(4, availableParallelism()));

function parseServeArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: DEFAULT_HOST },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      accounts: { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      log: { type: 'boolean', default: false },
      'oidc-jwks': { type: 'string', multiple: true },
      processes: { type: 'string' },
      'decision-log-size': { type: 'string' },
      organization: { type: 'boolean', default: false },
      'ready-json': { type: 'boolean', default: false },
    },
  });
  // ISSUER_URL=PATH: the keys AssumeRoleWithWebIdentity verifies that issuer's tokens with (issuers off loopback are never fetched).
  for (const spec of values['oidc-jwks'] ?? []) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0) throw new Error(`--oidc-jwks wants ISSUER_URL=PATH, not ${spec}`);
    configureOidcJwks({ [spec.slice(0, eq)]: spec.slice(eq + 1) });
  }
  const onRequest: RequestLogger | undefined = values.log
    ? (e) => process.stderr.write(`${e.status} ${e.service}:${e.operation}${e.code ? ` ${e.code}` : ''}${e.principal ? ` ${e.principal}` : ''}\n`)
    : undefined;
  return { values, onRequest, decisionLogSize: decisionLogSize(values['decision-log-size']) };
}

/** --decision-log-size N: how many decisions the log keeps (the newest); 0 keeps none. */
function decisionLogSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > MAX_DECISION_LOG_SIZE) throw new Error(`--decision-log-size must be a number from 0 to ${MAX_DECISION_LOG_SIZE}, not ${value}`);
  return n;
}

const MAX_DECISION_LOG_SIZE = 10_000_000;

export async function serveCommand(args: string[]): Promise<number> {
  const { values, onRequest, decisionLogSize } = parseServeArgs(args);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  const processes = values.processes === undefined ? defaultProcesses() : Number(values.processes);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new Error(`--processes must be a number from 1 to 64, not ${values.processes}`);
  const host = values.host!;
  const warning = bindWarning(host);
  if (warning) process.stderr.write(`${warning}\n`);
  const server = await startServer({
    host, port, dataDir: values['data-dir'], region: values.region,
    accounts: values.accounts?.split(',').map((s) => s.trim()).filter(Boolean),
    onRequest, decisionLogSize, organization: values.organization,
    // A test fixture's server keeps its estate as started, for /_gatehouse/reset.
    snapshot: values['ready-json'],
    // Helpers run this same program (the bundle, or the sources under tsx) with the same options.
    helpers: { count: processes - 1, launch: { modulePath: process.argv[1], args: ['serve-helper', ...args], execArgv: process.execArgv } },
  }).catch((e: unknown) => { throw listenFailure(e, host, port) ?? e; });
  const readyJson = values['ready-json']!;
  // With --ready-json, stdout carries the one JSON line a fixture reads; the rest goes to stderr.
  const out = readyJson ? process.stderr : process.stdout;
  out.write(`Gatehouse listening on ${server.url} (data in ${server.dataDir})\n`);
  if (server.organization) out.write(`  organization ${server.organization.id}, managed by ${server.accounts.find((a) => a.id === server.organization!.management_account_id)?.name}\n`);
  for (const a of server.accounts) {
    const { keys, roles } = server.moreProfiles;
    const admins = [
      ...keys.filter((k) => k.accountId === a.id).map((k) => `, ${k.name} (user ${k.userName})`),
      ...roles.filter((r) => r.accountId === a.id).map((r) => `, ${r.name} (${r.roleName})`),
    ];
    out.write(`  account ${a.name.padEnd(12)} ${a.id}   profile: ${a.name}${admins.join('')}\n`);
  }
  out.write(`export AWS_CONFIG_FILE=${server.profiles.configFile}\n`);
  out.write(`export AWS_SHARED_CREDENTIALS_FILE=${server.profiles.credentialsFile}\n`);
  if (readyJson) process.stdout.write(`${JSON.stringify(readyLine(server, values.region!))}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Started by a parent with an IPC channel (gatehouse/testing): it ends when that parent goes, however it went.
  if (process.send) process.on('disconnect', stop);
  return 0;
}

/** The port taken (or not ours to take), said with how to choose another. */
function listenFailure(e: unknown, host: string, port: number): Error | undefined {
  const code = (e as { code?: string })?.code;
  const why = code === 'EADDRINUSE' ? 'is in use (another Gatehouse?)' : code === 'EACCES' ? 'needs privileges this user lacks' : undefined;
  return why && new Error(`port ${port} on ${host} ${why}; choose another with \`npm start -- --port N\` (or \`gatehouse serve --port N\`)`);
}

/** `serve-helper` (internal): a helper process that `serve --processes` starts; it takes serve's options. */
export async function serveHelperCommand(args: string[]): Promise<number> {
  const { values, onRequest, decisionLogSize } = parseServeArgs(args);
  runHelper({ dataDir: values['data-dir']!, onRequest, decisionLogSize });
  return 0;
}
