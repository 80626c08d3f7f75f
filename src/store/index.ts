/** The store: one repository per entity over one SQLite file. */
import { beginOnFirstStatement, beginPending, checkpointsEverySecond, openDb, prepared, type Db } from './db.js';
import { ReadCache } from './read-cache.js';
import { Accounts } from './accounts.js';
import { AccessKeys } from './access-keys.js';
import { Users } from './users.js';
import { Groups } from './groups.js';
import { Roles } from './roles.js';
import { Policies } from './policies.js';
import { Attachments } from './attachments.js';
import { InlinePolicies } from './inline-policies.js';
import { Tags } from './tags.js';
import { Sessions } from './sessions.js';
import { Buckets } from './buckets.js';
import { Meta } from './meta.js';
import { LoginProfiles } from './login-profiles.js';
import { PasswordPolicies } from './password-policies.js';
import { MfaDevices } from './mfa-devices.js';
import { InstanceProfiles } from './instance-profiles.js';
import { OidcProviders } from './oidc-providers.js';
import { SamlProviders } from './saml-providers.js';
import { AccountAliases } from './account-aliases.js';
import { CredentialReports } from './credential-reports.js';
import { DeletionTasks } from './deletion-tasks.js';
import { DecisionLogBatches } from './decision-log.js';
import { Organizations } from './organizations.js';
import { OrgUnits } from './org-units.js';
import { OrgAccounts } from './org-accounts.js';
import { OrgPolicies } from './org-policies.js';
import { OrgHandshakes } from './org-handshakes.js';
import { OrgTags } from './org-tags.js';
import { UserCredentials, type ServiceCredentialRow, type SigningCertificateRow, type SshPublicKeyRow } from './user-credentials.js';

export class Store {
  readonly accounts: Accounts;
  readonly accessKeys: AccessKeys;
  readonly users: Users;
  readonly groups: Groups;
  readonly roles: Roles;
  readonly policies: Policies;
  readonly attachments: Attachments;
  readonly inlinePolicies: InlinePolicies;
  readonly tags: Tags;
  readonly sessions: Sessions;
  readonly buckets: Buckets;
  readonly meta: Meta;
  readonly loginProfiles: LoginProfiles;
  readonly passwordPolicies: PasswordPolicies;
  readonly mfaDevices: MfaDevices;
  readonly sshPublicKeys: UserCredentials<SshPublicKeyRow>;
  readonly signingCertificates: UserCredentials<SigningCertificateRow>;
  readonly serviceCredentials: UserCredentials<ServiceCredentialRow>;
  readonly instanceProfiles: InstanceProfiles;
  readonly oidcProviders: OidcProviders;
  readonly samlProviders: SamlProviders;
  readonly accountAliases: AccountAliases;
  readonly credentialReports: CredentialReports;
  readonly deletionTasks: DeletionTasks;
  readonly decisionLog: DecisionLogBatches;
  readonly organizations: Organizations;
  readonly orgUnits: OrgUnits;
  readonly orgAccounts: OrgAccounts;
  readonly orgPolicies: OrgPolicies;
  readonly orgHandshakes: OrgHandshakes;
  readonly orgTags: OrgTags;

  private readonly inTransaction: Transaction;
  private readonly stopCheckpoints: () => void;
  /** what the running transaction may do; undefined outside one */
  private intent: 'writes' | 'mostly-reads' | undefined;
  private readonly reads = new ReadCache<unknown>();

  constructor(readonly db: Db) {
    // One wrapper for the store's life: better-sqlite3 prepares BEGIN/COMMIT per wrapper.
    this.inTransaction = db.transaction((fn: () => unknown) => fn()) as Transaction;
    this.stopCheckpoints = db.memory ? () => {} : checkpointsEverySecond(db);
    this.accounts = new Accounts(db);
    this.accessKeys = new AccessKeys(db);
    this.users = new Users(db);
    this.groups = new Groups(db);
    this.roles = new Roles(db);
    this.policies = new Policies(db);
    this.attachments = new Attachments(db);
    this.inlinePolicies = new InlinePolicies(db);
    this.tags = new Tags(db);
    this.sessions = new Sessions(db);
    this.buckets = new Buckets(db);
    this.meta = new Meta(db);
    this.loginProfiles = new LoginProfiles(db);
    this.passwordPolicies = new PasswordPolicies(db);
    this.mfaDevices = new MfaDevices(db);
    this.sshPublicKeys = new UserCredentials(db, 'ssh_public_keys');
    this.signingCertificates = new UserCredentials(db, 'signing_certificates');
    this.serviceCredentials = new UserCredentials(db, 'service_credentials');
    this.instanceProfiles = new InstanceProfiles(db);
    this.oidcProviders = new OidcProviders(db);
    this.samlProviders = new SamlProviders(db);
    this.accountAliases = new AccountAliases(db);
    this.credentialReports = new CredentialReports(db);
    this.deletionTasks = new DeletionTasks(db);
    this.decisionLog = new DecisionLogBatches(db);
    this.organizations = new Organizations(db);
    this.orgUnits = new OrgUnits(db);
    this.orgAccounts = new OrgAccounts(db);
    this.orgPolicies = new OrgPolicies(db);
    this.orgHandshakes = new OrgHandshakes(db);
    this.orgTags = new OrgTags(db);
  }

  static open(file: string): Store {
    return new Store(openDb(file));
  }

  /**
   * Runs fn in one transaction: all of a request's writes land, or none do. Other processes may
   * write to the same file (helper processes, `gatehouse accounts create`), so:
   * - 'writes' takes the write lock at BEGIN (waiting its turn), so no other commit can void it halfway;
   * - 'mostly-reads' reads without the lock; should it write after another process committed
   *   (SQLite refuses that with SQLITE_BUSY_SNAPSHOT), it runs again holding the lock. Only for
   *   work with no effect outside the database.
   */
  transaction<T>(fn: () => T, intent: 'writes' | 'mostly-reads' = 'writes'): T {
    const outer = this.intent;
    // A transaction inside a writing one writes too (and sees that one's writes).
    this.intent = outer === 'writes' ? 'writes' : intent;
    try {
      if (intent === 'mostly-reads' && outer === undefined) return this.deferred(fn);
      beginPending(this.db);
      return intent === 'writes' ? this.inTransaction.immediate(fn) : this.inTransaction(fn);
    } finally {
      this.intent = outer;
    }
  }

  /**
   * A deferred transaction whose BEGIN waits for its first statement: most reads a request makes are
   * cached (see cached), and a request that touches no table pays no BEGIN and COMMIT. Should it write
   * after another process committed (SQLITE_BUSY_SNAPSHOT), it runs again holding the write lock.
   */
  private deferred<T>(fn: () => T): T {
    const begin = () => {
      beginOnFirstStatement(this.db, undefined);
      prepared(this.db, 'BEGIN DEFERRED').run();
    };
    beginOnFirstStatement(this.db, begin);
    try {
      const result = fn();
      beginOnFirstStatement(this.db, undefined);
      if (this.db.inTransaction) prepared(this.db, 'COMMIT').run();
      return result;
    } catch (e) {
      beginOnFirstStatement(this.db, undefined);
      if (this.db.inTransaction) prepared(this.db, 'ROLLBACK').run();
      if (!isBusy(e)) throw e;
      return this.inTransaction.immediate(fn);
    }
  }

  /**
   * read()'s answer, kept under key until forgetCachedReads(): for what requests read over and over and
   * writes rarely change (a role, its tags, an account's buckets). The server forgets every cached read
   * after each operation that may change one, in this process and its others (forgetReads), so a cached
   * read is committed state. A writing transaction reads the store itself, as do reads made after a
   * request's own writes (call sites read before they write).
   */
  cached<T>(key: string, read: () => T): T {
    if (this.intent === 'writes') return read();
    const hit = this.reads.get(key);
    if (hit !== undefined) return (hit === ABSENT ? undefined : hit) as T;
    const value = read();
    this.reads.set(key, value === undefined ? ABSENT : value);
    return value;
  }

  /** Forgets one cached read (after this process changed what it read), or all of them. */
  forgetCachedReads(key?: string): void {
    if (key === undefined) this.reads.clear();
    else this.reads.delete(key);
  }

  close(): void {
    this.stopCheckpoints();
    this.db.close();
  }
}

type Run = <T>(fn: () => T) => T;
type Transaction = Run & { immediate: Run };

/** A cached read that found nothing (ReadCache says undefined for "not cached"). */
const ABSENT = Symbol('absent');

const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

export type { EntityType } from './attachments.js';
export type { DecisionBatchRow } from './decision-log.js';
export type { Tag, TaggedType } from './tags.js';
