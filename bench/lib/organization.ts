/**
 * The benchmark's organization: mgmt manages it, utils and prod are members under root → OU → nested OU,
 * so a member's request meets SCPs at four levels (root, two OUs, the account), each allowing
 * (FullAWSAccess, plus an allowing SCP of the organization's own on each OU), and RCPs (RCPFullAWSAccess).
 */
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { SeededOrganization } from '../../test/support/organization-seed.js';

export const ORGANIZATION_ACCOUNTS = ['mgmt', 'utils', 'prod'];

/** Into a store: `changed` tells a server using it (its forgetReads). */
export async function seedOrganization(store: Store, changed: () => Promise<void> | void = () => {}): Promise<void> {
  const id = (name: string) => {
    const a = store.accounts.byName(name);
    if (!a) throw new Error(`the data dir has no account ${name}`);
    return a.id;
  };
  const org = await SeededOrganization.inStore(store, id('mgmt'), changed);
  const allowAll = await org.policy('SERVICE_CONTROL_POLICY', 'AllowAll', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const ou = await org.ou();
  const nested = await org.ou(ou);
  for (const target of [ou, nested]) await org.attach(allowAll, target);
  for (const member of ['utils', 'prod']) await org.member(id(member), nested);
}

/** Into the data dir of a stopped server: the server started on it next reads it as its own. */
export async function seedOrganizationIn(dataDir: string): Promise<void> {
  const store = Store.open(join(dataDir, 'gatehouse.db'));
  try {
    await seedOrganization(store);
  } finally {
    store.close();
  }
}
