/**
 * AWS managed policies: the same in every account, read-only, attachable.
 * Each JSON file holds one policy as GetPolicy and GetPolicyVersion show it;
 * names, paths, versions, descriptions, documents and the minutes of the
 * dates are from the AWS Managed Policy Reference page named in its Source
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/). The
 * seconds of the dates and the PolicyIds are as real GetPolicy output shows
 * them, from memory; a file's _note says where it departs from AWS.
 * Only the default version of each is kept: AWS's older versions are not
 * listed anywhere we could read them.
 */
import { registerBuiltInPolicies, type BuiltInPolicy } from '../../../store/built-in-policies.js';
import AdministratorAccess from './AdministratorAccess.json' with { type: 'json' };
import PowerUserAccess from './PowerUserAccess.json' with { type: 'json' };
import ReadOnlyAccess from './ReadOnlyAccess.json' with { type: 'json' };
import IAMFullAccess from './IAMFullAccess.json' with { type: 'json' };
import IAMReadOnlyAccess from './IAMReadOnlyAccess.json' with { type: 'json' };
import IAMUserChangePassword from './IAMUserChangePassword.json' with { type: 'json' };
import AmazonS3FullAccess from './AmazonS3FullAccess.json' with { type: 'json' };
import AmazonS3ReadOnlyAccess from './AmazonS3ReadOnlyAccess.json' with { type: 'json' };
import AmazonS3ObjectLambdaExecutionRolePolicy from './AmazonS3ObjectLambdaExecutionRolePolicy.json' with { type: 'json' };

/** The pseudo-account AWS managed policies belong to, as in their ARNs. */
export const AWS_ACCOUNT = 'aws';

interface PolicyFile {
  PolicyName: string; Arn: string; Path: string; PolicyId: string; DefaultVersionId: string;
  Description: string; CreateDate: string; UpdateDate: string; Document: object;
}

const FILES: PolicyFile[] = [
  AdministratorAccess, PowerUserAccess, ReadOnlyAccess, IAMFullAccess, IAMReadOnlyAccess, IAMUserChangePassword,
  AmazonS3FullAccess, AmazonS3ReadOnlyAccess, AmazonS3ObjectLambdaExecutionRolePolicy,
];

function toBuiltIn(f: PolicyFile): BuiltInPolicy {
  const version = Number(f.DefaultVersionId.slice(1));
  return {
    row: {
      arn: f.Arn, account_id: AWS_ACCOUNT, name: f.PolicyName, id: f.PolicyId, path: f.Path, description: f.Description,
      default_version: f.DefaultVersionId, next_version: version + 1, created_at: f.CreateDate, updated_at: f.UpdateDate,
    },
    // AWS shows its own documents indented by four spaces.
    versions: [{ policy_arn: f.Arn, version_id: f.DefaultVersionId, document: JSON.stringify(f.Document, null, 4), created_at: f.UpdateDate }],
  };
}

export const AWS_MANAGED_POLICIES: BuiltInPolicy[] = FILES.map(toBuiltIn);
registerBuiltInPolicies(AWS_MANAGED_POLICIES);

export const isAwsManagedArn = (arn: string) => arn.startsWith(`arn:aws:iam::${AWS_ACCOUNT}:policy/`);
