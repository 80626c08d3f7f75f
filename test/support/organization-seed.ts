/**
 * An organization written straight into a running server's store, for tests of enforcement that must not
 * depend on the Organizations API: ids of AWS's forms, the AWS-managed policies attached where AWS attaches
 * them. Every change ends with forgetReads, as the API's writes do.
 */
import { newOrganizationId, newOrganizationalUnitId, newOrgPolicyId, newRootId } from '../../src/core/ids.js';
import { forgetReads, type Runtime } from '../../src/server/runtime.js';
import { attachManagedDefaults } from '../../src/services/organizations/shared.js';
import type { OrganizationRow, OrgPolicyType } from '../../src/store/organizations.js';

export class SeededOrganization {
  private constructor(private readonly rt: Runtime, readonly org: OrganizationRow) {}

  /** A new organization of `management` with SCPs and RCPs enabled (FullAWSAccess and RCPFullAWSAccess on the root). */
  static async create(rt: Runtime, management: string): Promise<SeededOrganization> {
    const org: OrganizationRow = { id: newOrganizationId(), management_account_id: management, feature_set: 'ALL', root_id: newRootId(), created_at: new Date().toISOString() };
    const s = rt.store;
    s.organizations.insert(org);
    s.organizations.enablePolicyType(org.root_id, 'SERVICE_CONTROL_POLICY');
    s.organizations.enablePolicyType(org.root_id, 'RESOURCE_CONTROL_POLICY');
    attachManagedDefaults(s, org, org.root_id);
    const seeded = new SeededOrganization(rt, org);
    seeded.addAccount(management, org.root_id);
    await forgetReads(rt);
    return seeded;
  }

  get rootId(): string { return this.org.root_id; }

  private addAccount(account: string, parentId: string): void {
    this.rt.store.orgAccounts.insert({
      account_id: account, org_id: this.org.id, parent_id: parentId, name: account, email: `${account}@example.com`,
      status: 'ACTIVE', joined_method: 'INVITED', joined_at: new Date().toISOString(),
    });
    attachManagedDefaults(this.rt.store, this.org, account);
  }

  async member(account: string, parentId = this.org.root_id): Promise<void> {
    this.addAccount(account, parentId);
    await forgetReads(this.rt);
  }

  async ou(parentId = this.org.root_id): Promise<string> {
    const id = newOrganizationalUnitId(this.org.root_id);
    this.rt.store.orgUnits.insert({ id, org_id: this.org.id, parent_id: parentId, name: id, created_at: new Date().toISOString() });
    attachManagedDefaults(this.rt.store, this.org, id);
    await forgetReads(this.rt);
    return id;
  }

  async policy(type: OrgPolicyType, name: string, statements: object[]): Promise<string> {
    const id = newOrgPolicyId();
    this.rt.store.orgPolicies.insert({ id, org_id: this.org.id, type, name, description: '', content: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    await forgetReads(this.rt);
    return id;
  }

  async attach(policyId: string, targetId: string, type: OrgPolicyType = 'SERVICE_CONTROL_POLICY'): Promise<void> {
    this.rt.store.orgPolicies.attach(this.org.id, targetId, policyId, type);
    await forgetReads(this.rt);
  }

  async detach(policyId: string, targetId: string): Promise<void> {
    this.rt.store.orgPolicies.detach(this.org.id, targetId, policyId);
    await forgetReads(this.rt);
  }

  async move(account: string, parentId: string): Promise<void> {
    this.rt.store.orgAccounts.move(account, parentId);
    await forgetReads(this.rt);
  }
}
