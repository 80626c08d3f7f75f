/** The public shapes of the policy engine; index.ts re-exports them. */
import type { CompiledPolicy, Position } from './compile/compiled.js';

export type { CompiledPolicy, Position };

/** 'scp' and 'rcp': AWS Organizations service and resource control policies. */
export type PolicyKind = 'identity' | 'trust' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp';

export interface Diagnostic {
  /** AWS's MalformedPolicyDocument text where AWS has one. */
  message: string;
  /** 1-based position of the offending JSON value. */
  line: number;
  column: number;
  /** Where in the document, e.g. "Statement[0].Action". */
  path: string;
  /** What exactly is wrong, when AWS's message alone (e.g. "Syntax errors in policy.") does not say. */
  detail?: string;
}

export interface AttachedPolicy {
  /** Managed policy ARN, or e.g. "arn:aws:iam::1:user/bob (inline: mypolicy)". */
  id: string;
  policy: CompiledPolicy;
}

export interface PrincipalInfo {
  type: 'Root' | 'User' | 'AssumedRole' | 'Anonymous';
  /** root: arn:aws:iam::ACCT:root; user ARN; assumed-role session ARN. */
  arn: string;
  account: string;
  /** For AssumedRole: the IAM role ARN behind the session. */
  roleArn?: string;
  userId?: string;
  username?: string;
  /** Tags of the user, or of the role behind a session: the aws:PrincipalTag/* keys. */
  tags?: Record<string, string>;
  /** A web identity or SAML caller: the IAM identity provider ARN a trust policy names as {"Federated": ARN}. */
  federated?: string;
  /** The organization the principal's account is in: aws:PrincipalOrgID and aws:PrincipalOrgPaths. */
  org?: OrgPlace;
}

/** Where an account sits in an AWS Organizations organization. */
export interface OrgPlace {
  /** o-… */
  id: string;
  /** the account's parent as an entity path, e.g. "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" */
  path: string;
}

export type ContextValue = string | string[] | undefined;
export type RequestContext = Record<string, ContextValue>;

export interface AuthzRequest {
  principal: PrincipalInfo;
  /** e.g. "sts:AssumeRole"; matched case-insensitively. */
  action: string;
  /** An ARN, or "*". */
  resource: string;
  /** Owner of the resource; default: the ARN's account field, else the principal's account. */
  resourceAccount?: string;
  /** Condition keys, looked up case-insensitively. */
  context: RequestContext;
  /** The organization of the resource's account: aws:ResourceOrgID and aws:ResourceOrgPaths. */
  resourceOrg?: OrgPlace;
}

export interface PolicySet {
  identity: AttachedPolicy[];
  /** Role trust policy (for sts:AssumeRole*) or S3 bucket policy. */
  resource?: AttachedPolicy;
  boundary?: AttachedPolicy;
  session?: AttachedPolicy[];
  /**
   * Service control policies of the PRINCIPAL's account, one list per level
   * of the hierarchy: [root, OU…, account] ("SCP evaluation": every level must
   * allow, a Deny at any level denies). Absent or [] = SCPs not in use.
   */
  scps?: AttachedPolicy[][];
  /**
   * Resource control policies of the RESOURCE's account, one list per level,
   * as for scps. RCPFullAWSAccess is attached at every level and cannot be
   * detached ("RCP evaluation"), so RCPs only ever deny.
   */
  rcps?: AttachedPolicy[][];
  /** "SCPs don't affect users or roles in the management account." */
  principalIsManagementAccount?: boolean;
  /** "RCPs don't affect resources in the management account." */
  resourceIsInManagementAccount?: boolean;
}

export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp';

export interface TraceEntry {
  policyType: PolicyType | 'root';
  policyId: string;
  /** Sid, or "Statement[i]". */
  statement: string;
  /** Index in the policy's Statement list, and where the statement is in its text. */
  statementIndex?: number;
  start?: Position;
  end?: Position;
  effect: 'Allow' | 'Deny';
  matched: boolean;
  note?: string;
  /** SCPs and RCPs: the level of the hierarchy (0 = organization root … last = the account). */
  level?: number;
}

export interface Decision {
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  allowed: boolean;
  /** Which policy type explicitly denied, or which one failed to allow. */
  deniedBy?: PolicyType;
  trace: TraceEntry[];
  /**
   * Whether deciding read the request's context (a condition key, a policy variable, a principal key).
   * When false, the same policies, principal, action and resource decide the same in any context.
   */
  contextRead?: boolean;
}
