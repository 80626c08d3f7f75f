/** The store: one repository per entity over one SQLite file. */
import { openDb, type Db } from './db.js';
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

  constructor(readonly db: Db) {
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
  }

  static open(file: string): Store {
    return new Store(openDb(file));
  }

  /** Runs fn in one transaction: all of a request's writes land, or none do. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}

export type { EntityType } from './attachments.js';
export type { Tag, TaggedType } from './tags.js';
