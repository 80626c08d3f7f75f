/**
 * Service-linked roles: roles an AWS service owns in the account, under
 * /aws-service-role/SERVICE/, trusted by that service only, and changed
 * or deleted only through these operations.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, noSuchEntity } from '../../core/aws-error.js';
import { newUniqueId } from '../../core/ids.js';
import { roleArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { RoleRow } from '../../store/roles.js';
import { requireRole } from './names.js';
import { roleOutput } from './roles.js';

/**
 * Role names of common services, as their "Using service-linked roles" pages
 * name them. A service not listed gets AWSServiceRoleFor + its capitalized
 * first label, which is AWS's pattern for many but not all services.
 */
const ROLE_NAMES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'eks.amazonaws.com': 'AWSServiceRoleForAmazonEKS',
  'eks-nodegroup.amazonaws.com': 'AWSServiceRoleForAmazonEKSNodegroup',
  'rds.amazonaws.com': 'AWSServiceRoleForRDS',
  'spot.amazonaws.com': 'AWSServiceRoleForEC2Spot',
  'spotfleet.amazonaws.com': 'AWSServiceRoleForEC2SpotFleet',
  'es.amazonaws.com': 'AWSServiceRoleForAmazonElasticsearchService',
  'opensearchservice.amazonaws.com': 'AWSServiceRoleForAmazonOpenSearchService',
  'organizations.amazonaws.com': 'AWSServiceRoleForOrganizations',
  'support.amazonaws.com': 'AWSServiceRoleForSupport',
  'trustedadvisor.amazonaws.com': 'AWSServiceRoleForTrustedAdvisor',
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
  'guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDuty',
  'securityhub.amazonaws.com': 'AWSServiceRoleForSecurityHub',
  'sso.amazonaws.com': 'AWSServiceRoleForSSO',
  'ssm.amazonaws.com': 'AWSServiceRoleForAmazonSSM',
  'cloudtrail.amazonaws.com': 'AWSServiceRoleForCloudTrail',
  'elasticbeanstalk.amazonaws.com': 'AWSServiceRoleForElasticBeanstalk',
  'emr-containers.amazonaws.com': 'AWSServiceRoleForAmazonEMRContainers',
};

export const SERVICE_ROLE_PATH = '/aws-service-role/';

export const isServiceLinked = (r: RoleRow) => r.path.startsWith(SERVICE_ROLE_PATH);

/** What AWS answers to DeleteRole, UpdateAssumeRolePolicy… on a service-linked role. */
export const protectedRole = (name: string) =>
  new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`, 400);

function baseRoleName(service: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/.test(service)) throw new AwsError('InvalidInput', `Invalid service name: ${service}`, 400);
  const first = service.split('.')[0];
  return ROLE_NAMES[service] ?? `AWSServiceRoleFor${first[0].toUpperCase()}${first.slice(1)}`;
}

function names(i: Record<string, any>, ctx: RequestContext) {
  const service: string = i.AWSServiceName;
  const name = baseRoleName(service) + (i.CustomSuffix ? `_${i.CustomSuffix}` : '');
  const path = `${SERVICE_ROLE_PATH}${service}/`;
  return { service, name, path, arn: roleArn(ctx.account, path, name) };
}

const TASK = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/[0-9a-f-]+$/;

export const serviceLinkedRoleOperations: OperationTable = {
  CreateServiceLinkedRole: {
    action: 'iam:CreateServiceLinkedRole',
    authorizesItself: true,
    handle(i, ctx) {
      const { service, name, path, arn } = names(i, ctx);
      // iam:AWSServiceName is how policies limit which services' roles a caller may create.
      ctx.authorize('iam:CreateServiceLinkedRole', arn, { context: { 'iam:AWSServiceName': service } });
      // Verbatim AWS text, as Terraform users report it (e.g. hashicorp/terraform-provider-aws issues).
      if (ctx.store.roles.get(ctx.account, name))
        throw new AwsError('InvalidInput', `Service role name ${name} has been taken in this account, please try a different suffix.`, 400);
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
      ctx.store.roles.insert({
        account_id: ctx.account, name, id: newUniqueId('AROA'), path, arn, created_at: ctx.clock.now().toISOString(),
        trust_policy: trust, description: i.Description ?? null, max_session_duration: 3600, permissions_boundary: null,
      });
      return { Role: roleOutput(ctx, ctx.store.roles.get(ctx.account, name)!, false) };
    },
  },
  DeleteServiceLinkedRole: {
    action: 'iam:DeleteServiceLinkedRole',
    resource: (i, ctx) => ctx.store.roles.get(ctx.account, i.RoleName)?.arn ?? roleArn(ctx.account, '/', i.RoleName),
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      if (!isServiceLinked(r)) throw new AwsError('InvalidInput', `Role ${r.name} is not a service-linked role.`, 400);
      // AWS deletes asynchronously once the service no longer uses the role; no service here uses one.
      const s = ctx.store;
      for (const arn of s.attachments.forEntity(ctx.account, 'role', r.name)) s.attachments.detach(ctx.account, 'role', r.name, arn);
      for (const p of s.inlinePolicies.list(ctx.account, 'role', r.name)) s.inlinePolicies.delete(ctx.account, 'role', r.name, p.policy_name);
      s.tags.clear(ctx.account, 'role', r.name);
      s.roles.delete(ctx.account, r.name);
      const service = r.path.slice(SERVICE_ROLE_PATH.length, -1);
      const taskId = `task${SERVICE_ROLE_PATH}${service}/${r.name}/${randomUUID()}`;
      s.deletionTasks.insert({ task_id: taskId, account_id: ctx.account, role_arn: r.arn, status: 'SUCCEEDED', created_at: ctx.clock.now().toISOString() });
      return { DeletionTaskId: taskId };
    },
  },
  GetServiceLinkedRoleDeletionStatus: {
    action: 'iam:GetServiceLinkedRoleDeletionStatus',
    resource: (i, ctx) => {
      const m = TASK.exec(String(i.DeletionTaskId));
      return m ? roleArn(ctx.account, `${SERVICE_ROLE_PATH}${m[1]}/`, m[2]) : '*';
    },
    handle(i, ctx) {
      if (!TASK.test(i.DeletionTaskId)) throw new AwsError('InvalidInput', `Invalid deletion task id: ${i.DeletionTaskId}`, 400);
      const task = ctx.store.deletionTasks.get(i.DeletionTaskId);
      if (!task || task.account_id !== ctx.account) throw noSuchEntity(`Deletion task ${i.DeletionTaskId} cannot be found.`);
      return { Status: task.status };
    },
  },
};
