/** Starts a Gatehouse server on a data dir: store, accounts, profile files, HTTP listener. */
import { createServer, type Server } from 'node:http';
import { createServer as createListener, type Server as Listener } from 'node:net';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHandler } from './app.js';
import { openRuntime, type Runtime } from './runtime.js';
import { ensureAccount, listAccounts, parseAccountSpec, type AccountWithRoot } from '../services/accounts.js';
import { writeAwsProfiles, type MoreProfiles, type ProfileFiles } from './aws-profiles.js';
import { ensureOrganization } from './serve-organization.js';
import type { OrganizationRow } from '../store/organizations.js';
import { organizationProfiles } from './organization-profiles.js';
import { applyLimits, limitsWith, serverOptions, type Limits } from './limits.js';
import { ProcessPool, type HelperLaunch } from './processes/pool.js';
import { snapshotFileOf, takeSnapshot } from '../store/snapshot.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  /** account specs: "utils" or "utils=123456789012" */
  accounts?: string[];
  region?: string;
  onRequest?: Runtime['onRequest'];
  /** sizes, connections and timeouts (DEFAULT_LIMITS for any not given) */
  limits?: Partial<Limits>;
  /** decisions the decision log keeps, the newest (DEFAULT_DECISION_LOG_SIZE when not given) */
  decisionLogSize?: number;
  /** helper processes that share the connections and the data dir (`serve --processes`); none by default */
  helpers?: { count: number; launch: HelperLaunch };
  /** `serve --organization`: the first of `accounts` (else of the data dir's) manages an organization of them all */
  organization?: boolean;
  /** keep the estate as started (accounts, organization) for POST /_gatehouse/reset (`serve --ready-json`) */
  snapshot?: boolean;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  runtime: Runtime;
  accounts: AccountWithRoot[];
  profiles: ProfileFiles;
  /** the profiles written beside the accounts' (an organization's administrators) */
  moreProfiles: MoreProfiles;
  /** the organization `serve --organization` made or found */
  organization?: OrganizationRow;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.gatehouse';
export const DEFAULT_ACCOUNTS = ['utils', 'prod'];

/** Opens (creating if needed) a data dir with owner-only permissions. */
export function openDataDir(dataDir: string): { dir: string; dbFile: string } {
  // Everything this process creates (the database, SQLite's -wal and -shm files, the
  // credentials files) is for its owner only.
  process.umask(0o077);
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return { dir, dbFile: join(dir, 'gatehouse.db') };
}

/**
 * The HTTP server of one process, with its limits. `connectionsHandedIn`: it never listens itself
 * (the main process of `serve --processes` gives it its connections); a helper also leaves the
 * sweep of object files to the main process, which may have uploads in flight.
 */
export function createHttpServer(rt: Runtime, limits: Limits, opts: { connectionsHandedIn?: boolean; sweepObjectFiles?: boolean } = {}): Server {
  const server = createServer(serverOptions(limits), createHandler(rt, limits, { sweepObjectFiles: opts.sweepObjectFiles }));
  applyLimits(server, limits);
  // A client that half-closes once its request is sent (FIN after the body) still gets the answer: by default
  // Node aborts the request and ends the socket on that FIN, losing any answer not yet written (an S3 PUT
  // refused after its body was read answered nothing; Node 24 lost it more often than Node 20). Node's own
  // flag; the sockets must allow half-open too, as http.Server's own do (the listener of `serve --processes`
  // and a helper's handed-in sockets are set so).
  (server as Server & { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  // 'listening' is what starts node's checks of each connection's header and request deadlines.
  if (opts.connectionsHandedIn) server.emit('listening');
  return server;
}

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const { dir, dbFile } = openDataDir(opts.dataDir ?? DEFAULT_DATA_DIR);
  const runtime = openRuntime(dbFile, { decisionLogSize: opts.decisionLogSize });
  runtime.onRequest = opts.onRequest;
  const specs = opts.accounts ?? (runtime.store.accounts.list().length === 0 ? DEFAULT_ACCOUNTS : []);
  const named = specs.map((spec) => {
    const { name, id } = parseAccountSpec(spec);
    return ensureAccount(runtime.store, name, id).id;
  });
  const organization = opts.organization
    ? ensureOrganization(runtime.store, named.length > 0 ? named : runtime.store.accounts.list().map((a) => a.id), runtime.clock.now())
    : undefined;
  // Before any helper serves the store. A snapshot from an earlier run is no reset target for this one.
  const snapshotFile = snapshotFileOf(dbFile);
  if (opts.snapshot) takeSnapshot(runtime.store.db, snapshotFile);
  else rmSync(snapshotFile, { force: true });
  const limits = limitsWith(opts.limits);
  // With helpers, a listener that leaves each connection unread accepts for all of them (see processes/pool.ts).
  const helpers = opts.helpers && opts.helpers.count > 0 ? opts.helpers : undefined;
  const server = createHttpServer(runtime, limits, { connectionsHandedIn: !!helpers });
  const listener: Listener = helpers ? createListener({ pauseOnConnect: true, allowHalfOpen: true }) : server;
  await new Promise<void>((ok, fail) => {
    listener.once('error', fail);
    listener.listen(opts.port ?? DEFAULT_PORT, host, () => ok());
  });
  let pool: ProcessPool | undefined;
  if (helpers) {
    pool = new ProcessPool(runtime, server, limits.maxConnections, helpers.launch);
    runtime.peers = pool;
    pool.start(listener, helpers.count);
  }
  const port = (listener.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const accounts = listAccounts(runtime.store);
  const moreProfiles = organizationProfiles(runtime.store);
  const profiles = writeAwsProfiles(dir, url, opts.region ?? 'us-east-1', accounts, moreProfiles);
  runtime.writeProfiles = () => {
    // The accounts exist whatever happens to the files: a failed write is told, not the request's failure.
    try {
      writeAwsProfiles(dir, url, opts.region ?? 'us-east-1', listAccounts(runtime.store), organizationProfiles(runtime.store));
    } catch (e) {
      process.stderr.write(`gatehouse: could not write the AWS profiles in ${dir}: ${(e as Error).message}\n`);
    }
  };
  return {
    url, host, port, dataDir: dir, runtime, accounts, profiles, moreProfiles, organization,
    close: () => new Promise<void>((ok) => {
      pool?.close();
      server.closeAllConnections();
      if (listener !== server) listener.close();
      server.close(() => {
        runtime.decisions.flush();
        runtime.store.close();
        ok();
      });
    }),
  };
}
