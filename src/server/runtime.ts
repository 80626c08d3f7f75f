/** Everything a running Gatehouse holds: its store, clock, token key and decision log. */
import { Clock } from '../core/clock.js';
import { Store } from '../store/index.js';
import { newSealingKey } from '../auth/session-token.js';
import { DecisionLog, type DecisionQuery, type LoggedDecision } from './decision-log.js';
import type { Change, Peers } from './processes/peers.js';
import { ReadCache } from '../store/read-cache.js';
import type { CachedCredential } from './steps/authenticate.js';
import type { PrincipalFacts } from './steps/authorize.js';

export interface Runtime {
  store: Store;
  clock: Clock;
  sealingKey: string;
  decisions: DecisionLog;
  /** resolved long-term credentials by access key id (sessions are checked every time) */
  credentials: ReadCache<CachedCredential>;
  /** identity policies, boundary and tags by principal */
  policies: ReadCache<PrincipalFacts>;
  /** host names (without port) under which S3 buckets are addressed virtual-host style */
  s3BaseHosts: string[];
  /** the other processes serving this data dir (`serve --processes`), if any */
  peers?: Peers;
  /** writes the AWS profile files of every account: set in the main process only, which owns those files */
  writeProfiles?: () => void;
  /** called once per answered request, for `serve --log` and tests that record what clients call */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry { service: string; operation: string; status: number; code?: string; principal?: string }

export interface RuntimeOptions {
  /** decisions the log keeps (the newest); DEFAULT_DECISION_LOG_SIZE when not given */
  decisionLogSize?: number;
}

const SEALING_KEY_META = 'session_token_key';
/** The test clock's offset, kept so that sessions a test expired stay expired across restarts. */
export const CLOCK_OFFSET_META = 'clock_offset_seconds';

export function openRuntime(dbFile: string, opts: RuntimeOptions = {}): Runtime {
  const store = Store.open(dbFile);
  let sealingKey = store.meta.get(SEALING_KEY_META);
  if (!sealingKey) sealingKey = renewSealingKey(store);
  const clock = new Clock();
  // The clock offset survives restarts, so sessions that a test expired stay expired.
  clock.setOffsetSeconds(Number(store.meta.get(CLOCK_OFFSET_META) ?? 0));
  return {
    store, clock, sealingKey, decisions: new DecisionLog(store, opts.decisionLogSize), credentials: new ReadCache(), policies: new ReadCache(),
    s3BaseHosts: ['localhost', '127.0.0.1', 's3.localhost.localstack.cloud', 'localhost.localstack.cloud', 's3.amazonaws.com'],
  };
}

/** A new key for session tokens: every token sealed with the old one stops working. */
export function renewSealingKey(store: Store): string {
  const key = newSealingKey();
  store.meta.set(SEALING_KEY_META, key);
  return key;
}

/** After a write that may change keys, users, roles or policies: this process and every other forget what they read. */
export function forgetReads(rt: Runtime): Promise<void> | undefined {
  const change: Change = { kind: 'forget-reads' };
  applyChange(rt, change);
  return rt.peers?.broadcast(change);
}

/** After an operation created accounts: the main process writes their profiles, whichever process served it. */
export function accountsCreated(rt: Runtime): Promise<void> | undefined {
  const change: Change = { kind: 'accounts-created' };
  applyChange(rt, change);
  return rt.peers?.broadcast(change);
}

/** What another process's change means here. */
export function applyChange(rt: Runtime, change: Change): void {
  if (change.kind === 'forget-reads') {
    forgetEverythingRead(rt);
  } else if (change.kind === 'reset') {
    forgetEverythingRead(rt);
    rt.sealingKey = rt.store.meta.get(SEALING_KEY_META) ?? rt.sealingKey;
    rt.clock.setOffsetSeconds(0);
    rt.decisions.discard();
    // Accounts an operation created are gone with the reset: so are their profiles.
    rt.writeProfiles?.();
  } else if (change.kind === 'clock') {
    rt.clock.setOffsetSeconds(change.offsetSeconds);
  } else if (change.kind === 'accounts-created') {
    rt.writeProfiles?.();
  }
}

function forgetEverythingRead(rt: Runtime): void {
  rt.credentials.clear();
  rt.policies.clear();
  rt.store.forgetCachedReads();
}

export type { DecisionQuery };

/**
 * The logged decisions of every process serving this data dir that match q, newest first. Each process
 * first writes what it has recorded, so every decision made before this call is in the answer.
 */
export async function recentDecisions(rt: Runtime, q: DecisionQuery): Promise<LoggedDecision[]> {
  rt.decisions.flush();
  await rt.peers?.flushDecisions();
  return rt.decisions.query(q);
}
