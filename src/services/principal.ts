/** Who is calling: the identity a request's credentials resolve to. */
export interface Principal {
  type: 'Root' | 'User' | 'AssumedRole';
  account: string;
  /** root, user or assumed-role session ARN */
  arn: string;
  /** aws:userid — account id for root, AIDA… for users, AROA…:session for sessions */
  userId: string;
  accessKeyId: string;
  userName?: string;
  role?: { name: string; id: string; arn: string; sessionName: string; chained: boolean; issuedAt: string; expiresAt: string };
}
