/**
 * An organization for the console's tests, made through the Organizations API as the management
 * account's root: SCPs and RCPs enabled, an OU "workloads" holding an account "prod" that the
 * management account created (with OrganizationAccountAccessRole), and a customer SCP on the OU.
 * The management account gets an administrator "admin" with a console password.
 */
import {
  AcceptHandshakeCommand, AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand,
  DescribeCreateAccountStatusCommand, EnablePolicyTypeCommand, InviteAccountToOrganizationCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AttachUserPolicyCommand, CreateLoginProfileCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { Credentials, TestGatehouse } from './gatehouse.js';
import { CONSOLE_PASSWORD } from './console.js';

export interface ConsoleOrganization {
  managementId: string;
  orgId: string;
  rootId: string;
  ouId: string;
  prodId: string;
  scpId: string;
}

/** A region-deny SCP of the kind landing zones attach to workload OUs. */
export const REGION_DENY_SCP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }],
});

export function organizationsClient(gh: TestGatehouse, creds: Credentials): OrganizationsClient {
  return new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
}

export async function setUpConsoleOrganization(gh: TestGatehouse, management: string): Promise<ConsoleOrganization> {
  const org = organizationsClient(gh, gh.root(management));
  const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
  const ouId = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  const prodId = await createAccount(org, 'prod', 'prod@example.com');
  await org.send(new MoveAccountCommand({ AccountId: prodId, SourceParentId: rootId, DestinationParentId: ouId }));
  const scp = await org.send(new CreatePolicyCommand({
    Name: 'deny-other-regions', Description: 'Only eu-west-1', Type: 'SERVICE_CONTROL_POLICY', Content: REGION_DENY_SCP,
  }));
  const scpId = scp.Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: ouId }));

  const iam = gh.iam(gh.root(management));
  await iam.send(new CreateUserCommand({ UserName: 'admin' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: CONSOLE_PASSWORD }));
  return { managementId: created.MasterAccountId!, orgId: created.Id!, rootId, ouId, prodId, scpId };
}

/** An existing Gatehouse account joins the organization: the management account invites it, its root accepts (no access role is made, as on AWS). */
export async function inviteIntoOrganization(gh: TestGatehouse, management: string, invited: string): Promise<string> {
  const id = gh.account(invited).id;
  const handshake = await organizationsClient(gh, gh.root(management)).send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: id } }));
  await organizationsClient(gh, gh.root(invited)).send(new AcceptHandshakeCommand({ HandshakeId: handshake.Handshake!.Id! }));
  return id;
}

/** CreateAccount, then DescribeCreateAccountStatus until it is no longer IN_PROGRESS. */
async function createAccount(org: OrganizationsClient, name: string, email: string): Promise<string> {
  let status = (await org.send(new CreateAccountCommand({ AccountName: name, Email: email }))).CreateAccountStatus!;
  for (let i = 0; status.State === 'IN_PROGRESS' && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))).CreateAccountStatus!;
  }
  if (status.State !== 'SUCCEEDED') throw new Error(`CreateAccount ${name}: ${status.State} ${status.FailureReason ?? ''}`);
  return status.AccountId!;
}
