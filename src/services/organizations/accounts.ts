/**
 * Accounts of an organization: CreateAccount (a real Gatehouse account with root credentials and the
 * management account's access role), its request statuses, DescribeAccount, ListAccounts(ForParent),
 * RemoveAccountFromOrganization, LeaveOrganization and CloseAccount. Organizations API Reference.
 */
import { AwsError } from '../../core/aws-error.js';
import { newCreateAccountRequestId } from '../../core/ids.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow } from '../../store/organizations.js';
import type { CreateAccountRequestRow, OrgAccountRow } from '../../store/org-accounts.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import { createAccountNamedAfter, type AccountWithRoot } from '../accounts.js';
import { createOrganizationAccessRole } from '../iam/public.js';
import { accountArn, attachManagedDefaults, callerOrganization, constraintViolation, findNode, managedOrganization } from './shared.js';
import { createOrganization } from './organization.js';
import { emailForAccount } from './emails.js';
import { enumValue } from './enum-value.js';
import { paginate } from './paginate.js';
import { checkOrgTags, tagsAtCreation } from './tags.js';

export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';

const accountNotFound = () => new AwsError('AccountNotFoundException', "You specified an account that doesn't exist.");

/** Account as AWS shows it. Gatehouse suspends an account only by closing it, so SUSPENDED reads as State CLOSED. */
export function accountOutput(org: OrganizationRow, a: OrgAccountRow) {
  return {
    Id: a.account_id, Arn: accountArn(org, a.account_id), Email: a.email, Name: a.name,
    Status: a.status, State: a.status === 'SUSPENDED' ? 'CLOSED' : a.status,
    JoinedMethod: a.joined_method, JoinedTimestamp: new Date(a.joined_at),
  };
}

/** The account of the caller's organization, or AccountNotFoundException. */
export function requireMember(store: Store, org: OrganizationRow, accountId: string): OrgAccountRow {
  const a = store.orgAccounts.get(accountId);
  if (!a || a.org_id !== org.id) throw accountNotFound();
  return a;
}

/** An existing account joins the organization under its root, with the AWS-managed policies of the enabled types. */
export function joinOrganization(store: Store, org: OrganizationRow, accountId: string, joinedMethod: OrgAccountRow['joined_method'], now: Date, name?: string): OrgAccountRow {
  const row: OrgAccountRow = {
    account_id: accountId, org_id: org.id, parent_id: org.root_id, name: name ?? store.accounts.byId(accountId)?.name ?? accountId,
    email: emailForAccount(store, accountId), status: 'ACTIVE', joined_method: joinedMethod, joined_at: now.toISOString(),
  };
  store.orgAccounts.insert(row);
  attachManagedDefaults(store, org, accountId);
  return row;
}

/** A new Gatehouse account as CreateAccount makes it: root credentials, the e-mail, the access role, a member under the root. */
export function createMemberAccount(store: Store, org: OrganizationRow, req: { accountName: string; email: string; roleName?: string }, now: Date): AccountWithRoot {
  const account = createAccountNamedAfter(store, req.accountName, now);
  store.orgAccounts.claimEmail(req.email, account.id);
  joinOrganization(store, org, account.id, 'CREATED', now, req.accountName);
  createOrganizationAccessRole(store, account.id, req.roleName ?? DEFAULT_ACCESS_ROLE, org.management_account_id, now);
  return account;
}

/**
 * A new organization (all features) of existing accounts: the management account and members that each
 * get OrganizationAccountAccessRole as if CreateAccount had made them (`serve --organization`).
 */
export function createOrganizationWithMembers(store: Store, managementAccountId: string, memberAccountIds: string[], now = new Date()): OrganizationRow {
  return store.transaction(() => {
    const org = createOrganization(store, managementAccountId, 'ALL', now);
    for (const id of memberAccountIds) {
      if (store.organizations.ofAccount(id)) throw new AwsError('AlreadyInOrganizationException', `Account ${id} is already a member of an organization.`);
      joinOrganization(store, org, id, 'CREATED', now);
      createOrganizationAccessRole(store, id, DEFAULT_ACCESS_ROLE, managementAccountId, now);
    }
    return org;
  });
}

function statusOutput(r: CreateAccountRequestRow) {
  return {
    Id: r.id, AccountName: r.account_name, State: r.state, RequestedTimestamp: new Date(r.requested_at),
    CompletedTimestamp: r.completed_at ? new Date(r.completed_at) : undefined,
    AccountId: r.account_id ?? undefined, FailureReason: r.failure_reason ?? undefined,
  };
}

/**
 * The ARN of an account of the caller's organization. Only the management account may act on accounts:
 * anyone else is refused by Organizations before IAM is asked (a member's root would otherwise be judged
 * cross-account, the ARN naming the management account).
 */
const accountResource = (i: Input, ctx: RequestContext) => accountArn(managedOrganization(ctx), i.AccountId);

/** Leaving or being removed: the account's attachments and tags go with its membership. */
function leave(store: Store, org: OrganizationRow, a: OrgAccountRow): void {
  if (a.account_id === org.management_account_id) {
    throw new AwsError('MasterCannotLeaveOrganizationException', "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.");
  }
  store.orgPolicies.detachAllFrom(org.id, a.account_id);
  store.orgTags.clear(a.account_id);
  store.orgAccounts.remove(a.account_id);
}

const CREATE_ACCOUNT_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const;

export const accountOperations: OperationTable = {
  CreateAccount: {
    action: 'organizations:CreateAccount', forgetsReads: true, createsAccounts: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      enumValue(i.IamUserAccessToBilling, ['ALLOW', 'DENY'] as const, 'IamUserAccessToBilling');
      checkOrgTags(i.Tags);
      const now = ctx.clock.now();
      const request: CreateAccountRequestRow = {
        id: newCreateAccountRequestId(), org_id: org.id, account_name: i.AccountName, email: i.Email, state: 'IN_PROGRESS',
        failure_reason: null, account_id: null, requested_at: now.toISOString(), completed_at: null,
      };
      ctx.store.orgAccounts.insertRequest(request);
      // AWS answers IN_PROGRESS and creates the account after; here it is done by the time the
      // answer leaves, so the first DescribeCreateAccountStatus shows how it ended.
      if (ctx.store.orgAccounts.accountOfEmail(i.Email) !== undefined) {
        ctx.store.orgAccounts.finishRequest(request.id, 'FAILED', now.toISOString(), null, 'EMAIL_ALREADY_EXISTS');
      } else {
        const account = createMemberAccount(ctx.store, org, { accountName: i.AccountName, email: i.Email, roleName: i.RoleName }, now);
        tagsAtCreation(ctx, accountArn(org, account.id), account.id, i.Tags);
        ctx.store.orgAccounts.finishRequest(request.id, 'SUCCEEDED', now.toISOString(), account.id, null);
      }
      return { CreateAccountStatus: statusOutput(request) };
    },
  },
  DescribeCreateAccountStatus: {
    action: 'organizations:DescribeCreateAccountStatus',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const r = ctx.store.orgAccounts.request(i.CreateAccountRequestId);
      if (!r || r.org_id !== org.id) {
        throw new AwsError('CreateAccountStatusNotFoundException', "We can't find an create account request with the CreateAccountRequestId that you specified.");
      }
      return { CreateAccountStatus: statusOutput(r) };
    },
  },
  ListCreateAccountStatus: {
    action: 'organizations:ListCreateAccountStatus',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const states = (i.States as unknown[] | undefined)?.map((s) => enumValue(s, CREATE_ACCOUNT_STATES, 'States'));
      const all = ctx.store.orgAccounts.requests(org.id).filter((r) => !states?.length || states.includes(r.state));
      const page = paginate(all, i);
      return { CreateAccountStatuses: page.items.map(statusOutput), NextToken: page.NextToken };
    },
  },
  DescribeAccount: {
    action: 'organizations:DescribeAccount', resource: accountResource,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      return { Account: accountOutput(org, requireMember(ctx.store, org, i.AccountId)) };
    },
  },
  ListAccounts: {
    action: 'organizations:ListAccounts',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const page = paginate(ctx.store.orgAccounts.inOrganization(org.id), i);
      return { Accounts: page.items.map((a) => accountOutput(org, a)), NextToken: page.NextToken };
    },
  },
  ListAccountsForParent: {
    action: 'organizations:ListAccountsForParent',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const parent = findNode(ctx.store, org, i.ParentId);
      if (!parent || parent.kind === 'ACCOUNT') throw new AwsError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
      const page = paginate(ctx.store.orgAccounts.children(parent.id), i);
      return { Accounts: page.items.map((a) => accountOutput(org, a)), NextToken: page.NextToken };
    },
  },
  RemoveAccountFromOrganization: {
    action: 'organizations:RemoveAccountFromOrganization', resource: accountResource, forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      leave(ctx.store, org, requireMember(ctx.store, org, i.AccountId));
    },
  },
  LeaveOrganization: {
    action: 'organizations:LeaveOrganization', forgetsReads: true,
    handle(_i, ctx) {
      const org = callerOrganization(ctx);
      leave(ctx.store, org, requireMember(ctx.store, org, ctx.account));
    },
  },
  CloseAccount: {
    action: 'organizations:CloseAccount', resource: accountResource, forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const a = requireMember(ctx.store, org, i.AccountId);
      if (a.account_id === org.management_account_id) {
        throw constraintViolation('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', "You can't close the management account with this operation.");
      }
      if (a.status !== 'ACTIVE') throw new AwsError('AccountAlreadyClosedException', 'You attempted to close an account that is already closed.');
      // AWS passes through PENDING_CLOSURE to SUSPENDED and keeps the account where it was for 90 days.
      // Gatehouse closes at once and moves it to the root, so its OU can be deleted (as a Terraform destroy
      // does next); it leaves with the organization. Its credentials keep working.
      ctx.store.orgAccounts.setStatus(a.account_id, 'SUSPENDED');
      ctx.store.orgAccounts.move(a.account_id, org.root_id);
    },
  },
};
