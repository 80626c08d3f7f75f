/**
 * An organization written straight into a store, for tests of enforcement that must not depend on the
 * Organizations API and for benchmarks: ids of AWS's forms, the AWS-managed policies attached where AWS
 * attaches them. Every change ends with `changed` (a running server's forgetReads, as the API's writes do).
 */
import { newOrganizationId, newOrganizationalUnitId, newOrgPolicyId, newRootId } from '../../src/core/ids.js';
import { forgetReads, type Runtime } from '../../src/server/runtime.js';
import { attachManagedDefaults } from '../../src/services/organizations/shared.js';
import type { Store } from '../../src/store/index.js';
import type { OrganizationRow, OrgPolicyType } from '../../src/store/organizations.js';

export class SeededOrganization {
  private constructor(private readonly store: Store, private readonly changed: () => Promise<void> | void, readonly org: OrganizationRow) {}

  /** A new organization of `management` in a running server, with SCPs and RCPs enabled (FullAWSAccess and RCPFullAWSAccess on the root). */
  static create(rt: Runtime, management: string): Promise<SeededOrganization> {
    return SeededOrganization.inStore(rt.store, management, () => forgetReads(rt));
  }

  /** The same in a store no server is reading from (a stopped server's data dir). */
  static async inStore(s: Store, management: string, changed: () => Promise<void> | void = () => {}): Promise<SeededOrganization> {
    const org: OrganizationRow = { id: newOrganizationId(), management_account_id: management, feature_set: 'ALL', root_id: newRootId(), created_at: new Date().toISOString() };
    s.organizations.insert(org);
    s.organizations.enablePolicyType(org.root_id, 'SERVICE_CONTROL_POLICY');
    s.organizations.enablePolicyType(org.root_id, 'RESOURCE_CONTROL_POLICY');
    attachManagedDefaults(s, org, org.root_id);
    const seeded = new SeededOrganization(s, changed, org);
    seeded.addAccount(management, org.root_id);
    await changed();
    return seeded;
  }

  get rootId(): string { return this.org.root_id; }

  private addAccount(account: string, parentId: string): void {
    this.store.orgAccounts.insert({
      account_id: account, org_id: this.org.id, parent_id: parentId, name: account, email: `${account}@example.com`,
      status: 'ACTIVE', joined_method: 'INVITED', joined_at: new Date().toISOString(),
    });
    attachManagedDefaults(this.store, this.org, account);
  }

  async member(account: string, parentId = this.org.root_id): Promise<void> {
    this.addAccount(account, parentId);
    await this.changed();
  }

  async ou(parentId = this.org.root_id): Promise<string> {
    const id = newOrganizationalUnitId(this.org.root_id);
    this.store.orgUnits.insert({ id, org_id: this.org.id, parent_id: parentId, name: id, created_at: new Date().toISOString() });
    attachManagedDefaults(this.store, this.org, id);
    await this.changed();
    return id;
  }

  async policy(type: OrgPolicyType, name: string, statements: object[]): Promise<string> {
    const id = newOrgPolicyId();
    this.store.orgPolicies.insert({ id, org_id: this.org.id, type, name, description: '', content: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    await this.changed();
    return id;
  }

  async attach(policyId: string, targetId: string, type: OrgPolicyType = 'SERVICE_CONTROL_POLICY'): Promise<void> {
    this.store.orgPolicies.attach(this.org.id, targetId, policyId, type);
    await this.changed();
  }

  async detach(policyId: string, targetId: string): Promise<void> {
    this.store.orgPolicies.detach(this.org.id, targetId, policyId);
    await this.changed();
  }

  async move(account: string, parentId: string): Promise<void> {
    this.store.orgAccounts.move(account, parentId);
    await this.changed();
  }
}
