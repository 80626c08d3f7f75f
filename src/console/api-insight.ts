/** The trust graph and the decision log, as the current identity may see them. */
import { query, type ApiContext } from './api-context.js';
import { ConsoleError } from './http.js';
import { recentDecisions } from '../server/runtime.js';
import { clientsFor, fromAws } from './self-client.js';
import { buildTrustGraph, type AuthDetails, type ReadAccount } from './trust-graph.js';
import type { Creds } from './cookie-session.js';
import { accountLabel } from './accounts.js';

/**
 * The accounts the console holds credentials for (the signed-in identity's,
 * and the switched role's), each read with GetAccountAuthorizationDetails as
 * that identity: an account it may not read is listed with AWS's refusal.
 * The signed-in identity and the roles it switched to are drawn either way.
 */
export async function trustGraph(c: ApiContext) {
  const { signedIn, role, switchedTo } = c.session;
  const sources: Array<{ account: string; label: string; as: string; creds: Creds }> = [];
  if (role) sources.push({ account: role.account, label: role.accountLabel, as: role.arn, creds: role.creds });
  if (!role || role.account !== signedIn.account) sources.push({ account: signedIn.account, label: signedIn.accountLabel, as: signedIn.arn, creds: signedIn.creds });
  const accounts: ReadAccount[] = await Promise.all(sources.map(async (s) => {
    try {
      const { iam, sdk } = await clientsFor(c.endpoint, s.creds);
      const details: AuthDetails = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      let marker: string | undefined;
      do {
        const page = await iam.send(new sdk.iam.GetAccountAuthorizationDetailsCommand({ Marker: marker, MaxItems: 1000 }));
        details.UserDetailList!.push(...(page.UserDetailList ?? []));
        details.GroupDetailList!.push(...(page.GroupDetailList ?? []));
        details.RoleDetailList!.push(...(page.RoleDetailList ?? []));
        details.Policies!.push(...(page.Policies ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      return { account: s.account, label: s.label, as: s.as, details };
    } catch (e) {
      const err = fromAws(e);
      return { account: s.account, label: s.label, as: s.as, error: { code: err.code, message: err.message } };
    }
  }));
  return buildTrustGraph(accounts, {
    nameOf: (id) => accountLabel(c.rt.store, id),
    seen: { arn: signedIn.arn, account: signedIn.account, switchedTo: switchedTo ?? (role ? [role.roleArn] : []) },
  });
}

const PAGE = 200;
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
const PRINCIPAL = /^arn:aws:(iam|sts)::\d{12}:\S+$/;

/**
 * Recent decisions about principals of the acting identity's account, newest
 * first, each with its explain trace; narrowed in the log's own query by
 * ?deniedOnly=true, ?principal=<ARN> and ?action=<service:Action>.
 */
export async function decisions(c: ApiContext) {
  const account = c.session.role?.account ?? c.session.signedIn.account;
  const principal = query(c, 'principal', false)?.trim();
  const action = query(c, 'action', false)?.trim();
  const denied = query(c, 'deniedOnly', false);
  if (principal !== undefined && !PRINCIPAL.test(principal)) throw new ConsoleError('ValidationError', 'principal must be a principal\'s ARN, e.g. arn:aws:iam::123456789012:user/random_user.', 400);
  if (action !== undefined && !ACTION.test(action)) throw new ConsoleError('ValidationError', 'action must be service:Action, e.g. s3:CreateBucket.', 400);
  if (denied !== undefined && denied !== 'true' && denied !== 'false') throw new ConsoleError('ValidationError', 'deniedOnly must be true or false.', 400);
  const entries = await recentDecisions(c.rt, { account, principal, action, deniedOnly: denied === 'true', limit: PAGE });
  return { account, accountLabel: accountLabel(c.rt.store, account), entries };
}
