/**
 * Invitations of existing accounts (handshakes): InviteAccountToOrganization by the management account,
 * AcceptHandshake / DeclineHandshake by the invited account, CancelHandshake, DescribeHandshake and the
 * lists. Shapes and errors as the Organizations API Reference gives them (InviteAccountToOrganization's
 * example shows the Parties and Resources of an invitation).
 */
import { AwsError } from '../../core/aws-error.js';
import { newHandshakeId } from '../../core/ids.js';
import type { Store } from '../../store/index.js';
import type { HandshakeRow } from '../../store/org-handshakes.js';
import type { OrganizationRow } from '../../store/organizations.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import { handshakeArn, invalidInput, managedOrganization } from './shared.js';
import { joinOrganization } from './accounts.js';
import { enumValue } from './enum-value.js';
import { accountOfEmail } from './emails.js';
import { paginate } from './paginate.js';
import { checkOrgTags } from './tags.js';

/** An invitation is open for 15 days (InviteAccountToOrganization). */
const EXPIRES_AFTER_MS = 15 * 24 * 3600 * 1000;

const handshakeNotFound = () => new AwsError('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified.");
const handshakeConstraint = (reason: string, message: string) => new AwsError('HandshakeConstraintViolationException', message, 400, { Reason: reason });
const alreadyInState = () => new AwsError('HandshakeAlreadyInStateException', 'The specified handshake is already in the requested state. For example, you can\'t accept a handshake that was already accepted.');
const invalidTransition = () => new AwsError('InvalidHandshakeTransitionException', "You can't perform the operation on the handshake in its current state. For example, you can't cancel a handshake that was already accepted or accept a handshake that was already declined.");
const alreadyInOrganization = () => handshakeConstraint('ALREADY_IN_AN_ORGANIZATION', 'The handshake request is invalid because the invited account is already a member of an organization.');

/** The state as of now: an open invitation past its expiry has expired. */
function stateOf(h: HandshakeRow, now: Date): HandshakeRow['state'] {
  return h.state === 'OPEN' && now.getTime() > Date.parse(h.expires_at) ? 'EXPIRED' : h.state;
}

function handshakeOutput(store: Store, h: HandshakeRow, now: Date) {
  const org = store.organizations.byId(h.org_id);
  const management = org ? store.orgAccounts.get(org.management_account_id) : undefined;
  return {
    Id: h.id, Arn: org ? handshakeArn(org, h.id) : undefined,
    Parties: [{ Id: h.org_id, Type: 'ORGANIZATION' }, { Id: h.target_id, Type: h.target_type }],
    State: stateOf(h, now), Action: h.action,
    RequestedTimestamp: new Date(h.requested_at), ExpirationTimestamp: new Date(h.expires_at),
    Resources: [
      {
        Type: 'ORGANIZATION', Value: h.org_id,
        Resources: [
          { Type: 'MASTER_EMAIL', Value: management?.email },
          { Type: 'MASTER_NAME', Value: management?.name },
          { Type: 'ORGANIZATION_FEATURE_SET', Value: org?.feature_set === 'CONSOLIDATED_BILLING' ? 'CONSOLIDATED_BILLING' : 'FULL' },
        ],
      },
      { Type: h.target_type, Value: h.target_id },
      ...(h.notes ? [{ Type: 'NOTES', Value: h.notes }] : []),
    ],
  };
}

/** The invited account a Target names: an account id, or the e-mail of an existing account. */
function invitedAccount(store: Store, target: { Type?: string; Id?: string }): string {
  const type = enumValue(target.Type, ['ACCOUNT', 'EMAIL', 'ORGANIZATION'] as const, 'Target.Type');
  if (type === undefined || target.Id === undefined) throw invalidInput('INPUT_REQUIRED', 'You must specify a value for Target.Type and Target.Id.');
  if (type === 'ORGANIZATION') throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type for the invitation target: ORGANIZATION. Invite an ACCOUNT or an EMAIL.');
  const id = target.Id ?? '';
  if (type === 'EMAIL' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(id)) throw invalidInput('INVALID_EMAIL_ADDRESS_TARGET', 'You specified an invalid email address for the invited account owner.');
  if (type === 'ACCOUNT' && !/^\d{12}$/.test(id)) throw invalidInput('INVALID_PATTERN', `You specified a value for Target.Id that doesn't match the required pattern: an account id is 12 digits.`);
  const account = type === 'EMAIL' ? accountOfEmail(store, id) : store.accounts.byId(id) ? id : undefined;
  if (!account) throw new AwsError('AccountNotFoundException', "You specified an account that doesn't exist.");
  return account;
}

/** The handshake as the invited account sees it (others get HandshakeNotFoundException). */
function invitation(ctx: RequestContext, id: string): HandshakeRow {
  const h = ctx.store.orgHandshakes.get(id);
  if (!h || h.account_id !== ctx.account) throw handshakeNotFound();
  return h;
}

/** Handshake ARN for authorization: its organization's, or '*' for one that doesn't exist (the handler then says so). */
function handshakeResource(i: Input, ctx: RequestContext): string {
  const h = ctx.store.orgHandshakes.get(i.HandshakeId);
  const org = h && ctx.store.organizations.byId(h.org_id);
  return org ? handshakeArn(org, h.id) : '*';
}

/**
 * The invited account acts on a handshake whose ARN names the inviting management account. Organizations
 * has no resource policy to allow that: the invitee's own IAM policies decide, as for its own resources.
 */
function authorizeInvitee(ctx: RequestContext, action: string, i: Input): void {
  ctx.authorize(action, handshakeResource(i, ctx), { resourceAccount: ctx.account });
}

/** Moves an open handshake to a final state, with AWS's errors for one already there or elsewhere. */
function settle(ctx: RequestContext, h: HandshakeRow, to: 'ACCEPTED' | 'DECLINED' | 'CANCELED'): void {
  const state = stateOf(h, ctx.clock.now());
  if (state === to) throw alreadyInState();
  if (state !== 'OPEN') throw invalidTransition();
  ctx.store.orgHandshakes.setState(h.id, to);
  // The tags waiting for the account (kept under the handshake's id) go, whatever the outcome.
  if (to !== 'ACCEPTED') ctx.store.orgTags.clear(h.id);
}

function filtered(rows: HandshakeRow[], filter: { ActionType?: string; ParentHandshakeId?: string } | undefined): HandshakeRow[] {
  if (filter?.ActionType !== undefined && filter.ParentHandshakeId !== undefined) {
    throw invalidInput('MAX_LIMIT_EXCEEDED_FILTER', 'You can specify only one filter parameter for the operation: ActionType or ParentHandshakeId.');
  }
  const action = enumValue(filter?.ActionType, ['INVITE', 'ENABLE_ALL_FEATURES', 'APPROVE_ALL_FEATURES', 'ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE', 'TRANSFER_RESPONSIBILITY'] as const, 'Filter.ActionType');
  // Invitations have no parent handshake: a ParentHandshakeId filter matches none of them.
  return rows.filter((h) => (action === undefined || h.action === action) && filter?.ParentHandshakeId === undefined);
}

export const handshakeOperations: OperationTable = {
  InviteAccountToOrganization: {
    action: 'organizations:InviteAccountToOrganization', forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const tags = checkOrgTags(i.Tags);
      const account = invitedAccount(ctx.store, i.Target ?? {});
      if (ctx.store.organizations.ofAccount(account)) throw alreadyInOrganization();
      const now = ctx.clock.now();
      const open = ctx.store.orgHandshakes.forAccount(account).find((h) => h.org_id === org.id && stateOf(h, now) === 'OPEN');
      if (open) throw new AwsError('DuplicateHandshakeException', 'A handshake with the same action and target already exists. For example, if you invited an account to join your organization, the invited account might already have a pending invitation from this organization.');
      const h: HandshakeRow = {
        id: newHandshakeId(), org_id: org.id, action: 'INVITE', state: 'OPEN', target_type: i.Target.Type, target_id: i.Target.Id,
        account_id: account, notes: i.Notes ?? null, requested_at: now.toISOString(), expires_at: new Date(now.getTime() + EXPIRES_AFTER_MS).toISOString(),
      };
      ctx.store.orgHandshakes.insert(h);
      // AWS attaches the invitation's tags to the account once it joins; they wait under the handshake's id.
      if (tags.length > 0) ctx.store.orgTags.put(h.id, tags);
      return { Handshake: handshakeOutput(ctx.store, h, now) };
    },
  },
  AcceptHandshake: {
    action: 'organizations:AcceptHandshake', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      authorizeInvitee(ctx, 'organizations:AcceptHandshake', i);
      const h = invitation(ctx, i.HandshakeId);
      const org = ctx.store.organizations.byId(h.org_id);
      if (!org) throw invalidTransition();
      if (stateOf(h, ctx.clock.now()) === 'OPEN' && ctx.store.organizations.ofAccount(ctx.account)) throw alreadyInOrganization();
      settle(ctx, h, 'ACCEPTED');
      joinOrganization(ctx.store, org, ctx.account, 'INVITED', ctx.clock.now());
      ctx.store.orgTags.put(ctx.account, ctx.store.orgTags.list(h.id));
      ctx.store.orgTags.clear(h.id);
      return { Handshake: handshakeOutput(ctx.store, ctx.store.orgHandshakes.get(h.id)!, ctx.clock.now()) };
    },
  },
  DeclineHandshake: {
    action: 'organizations:DeclineHandshake', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      authorizeInvitee(ctx, 'organizations:DeclineHandshake', i);
      const h = invitation(ctx, i.HandshakeId);
      settle(ctx, h, 'DECLINED');
      return { Handshake: handshakeOutput(ctx.store, ctx.store.orgHandshakes.get(h.id)!, ctx.clock.now()) };
    },
  },
  CancelHandshake: {
    action: 'organizations:CancelHandshake', resource: handshakeResource, forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const h = ctx.store.orgHandshakes.get(i.HandshakeId);
      if (!h || h.org_id !== org.id) throw handshakeNotFound();
      settle(ctx, h, 'CANCELED');
      return { Handshake: handshakeOutput(ctx.store, ctx.store.orgHandshakes.get(h.id)!, ctx.clock.now()) };
    },
  },
  DescribeHandshake: {
    action: 'organizations:DescribeHandshake', authorizesItself: true,
    handle(i, ctx) {
      authorizeInvitee(ctx, 'organizations:DescribeHandshake', i);
      const h = ctx.store.orgHandshakes.get(i.HandshakeId);
      const org = h && ctx.store.organizations.byId(h.org_id);
      const visible = h && (h.account_id === ctx.account || org?.management_account_id === ctx.account);
      if (!visible) throw handshakeNotFound();
      return { Handshake: handshakeOutput(ctx.store, h, ctx.clock.now()) };
    },
  },
  ListHandshakesForAccount: {
    action: 'organizations:ListHandshakesForAccount',
    handle(i, ctx) {
      const page = paginate(filtered(ctx.store.orgHandshakes.forAccount(ctx.account), i.Filter), i);
      return { Handshakes: page.items.map((h) => handshakeOutput(ctx.store, h, ctx.clock.now())), NextToken: page.NextToken };
    },
  },
  ListHandshakesForOrganization: {
    action: 'organizations:ListHandshakesForOrganization',
    handle(i, ctx) {
      const org: OrganizationRow = managedOrganization(ctx);
      const page = paginate(filtered(ctx.store.orgHandshakes.forOrganization(org.id), i.Filter), i);
      return { Handshakes: page.items.map((h) => handshakeOutput(ctx.store, h, ctx.clock.now())), NextToken: page.NextToken };
    },
  },
};
