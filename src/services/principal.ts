/** Who is calling: the identity a request's credentials resolve to. */
import type { SessionKind } from '../store/sessions.js';

/** What a temporary credential adds to its identity (STS sessions of every kind). */
export interface SessionInfo {
  kind: SessionKind;
  issuedAt: string;
  expiresAt: string;
  /** set when MFA was checked for the session: aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge */
  mfaAt?: string;
  /** aws:SourceIdentity, fixed for the whole role chain */
  sourceIdentity?: string;
  /** session tags (incoming transitive ones included): they override the role's or user's tags of the same key */
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  /** session policies: the inline one and managed ARNs */
  policy?: string;
  policyArns?: string[];
  /** GetFederationToken: the IAM user whose permissions the federated user's are cut from */
  sourceUserName?: string;
}

export interface Principal {
  type: 'Root' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Anonymous';
  account: string;
  /** root, user, assumed-role session or federated-user ARN */
  arn: string;
  /** aws:userid — account id for root, AIDA… for users, AROA…:session for sessions, ACCOUNT:name for federated users */
  userId: string;
  accessKeyId: string;
  userName?: string;
  role?: { name: string; id: string; arn: string; sessionName: string; chained: boolean; issuedAt: string; expiresAt: string };
  /** present for temporary (ASIA) credentials */
  session?: SessionInfo;
}
