/**
 * What every service operation declares: its IAM action, the ARN it acts on,
 * and its handler. The server authorizes with the first two before calling
 * the third, so no handler can forget to check.
 */
import type { Store } from '../store/index.js';
import type { Clock } from '../core/clock.js';
import type { Principal } from './principal.js';
import type { AttachedPolicy, PrincipalInfo } from '../policy/index.js';

export interface AuthorizeOptions {
  /** the resource's own policy (role trust policy, bucket policy) */
  resourcePolicy?: AttachedPolicy;
  /** the account that owns the resource, when its ARN does not say (S3) */
  resourceAccount?: string;
  /** extra condition keys of this request */
  context?: Record<string, string | string[] | undefined>;
  /** judge this principal (with no identity policies) instead of the caller: a web identity presenting a token */
  principal?: PrincipalInfo;
}

export interface RequestContext {
  store: Store;
  clock: Clock;
  principal: Principal;
  /** the caller's account, which every IAM operation acts in */
  account: string;
  region: string;
  requestId: string;
  /** key that seals STS session tokens */
  sealingKey: string;
  /** throws AccessDenied with AWS's message unless the policies allow it */
  authorize(action: string, resource: string, options?: AuthorizeOptions): void;
}

export type Input = Record<string, any>;
export type Output = Record<string, unknown>;

export interface OperationDef {
  /** the IAM action checked before the handler runs; omit for actions needing no permission */
  action?: string;
  /** the ARN the action is checked against (default '*') */
  resource?: (input: Input, ctx: RequestContext) => string;
  /** set when the handler authorizes by itself (it needs data only it loads, like a trust policy) */
  authorizesItself?: boolean;
  /**
   * set when the operation changes what requests cache (Store.cached) outside IAM, whose writes all do:
   * the server then makes every process forget its cached reads before answering
   */
  forgetsReads?: boolean;
  /** set when the operation creates accounts (Organizations' CreateAccount): the server then writes their AWS profiles */
  createsAccounts?: boolean;
  /** callable without a signature (AssumeRoleWithWebIdentity: the token is the credential) */
  unsigned?: boolean;
  /** asynchronous work before the handler's transaction (fetching an identity provider's keys); may annotate the input */
  prepare?(input: Input, ctx: RequestContext): Promise<void>;
  handle(input: Input, ctx: RequestContext): Output | void;
}

export type OperationTable = Record<string, OperationDef>;
