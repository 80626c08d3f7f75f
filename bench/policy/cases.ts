/**
 * The benchmark's policy sets and requests, in one neutral form both engines
 * are fed from: a small set (two policies, a handful of statements) and a
 * large one (a principal with 10 managed policies of 20 statements each,
 * with wildcards and conditions).
 */
export const ACCOUNT = '111122223333';
export const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/bench`;

export interface BenchRequest { action: string; resource: string; context: Record<string, string | string[]> }
export interface BenchSet { name: string; policies: Array<{ name: string; document: object }>; requests: BenchRequest[] }

const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });

const baseContext = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalTag/team': 'blue' };

const requests = (n: number): BenchRequest[] => {
  const shapes: Array<[string, string]> = [
    ['s3:GetObject', 'arn:aws:s3:::data-blue/reports/2024.csv'],
    ['s3:PutObject', 'arn:aws:s3:::data-blue/uploads/x'],
    ['s3:DeleteObject', 'arn:aws:s3:::logs-archive/old'],
    ['s3:ListBucket', 'arn:aws:s3:::data-red'],
    ['iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/bench`],
    ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/new`],
    ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`],
    ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ];
  return Array.from({ length: n }, (_, i) => {
    const [action, resource] = shapes[i % shapes.length];
    return { action, resource, context: i % 3 === 0 ? { ...baseContext, 'aws:SourceIp': '192.0.2.9' } : baseContext };
  });
};

export function smallSet(): BenchSet {
  return {
    name: 'small (2 policies, 4 statements)',
    policies: [
      { name: 'reads', document: doc([
        { Sid: 'Reads', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' },
        { Sid: 'Self', Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' },
      ]) },
      { name: 'guard', document: doc([
        { Sid: 'NoLogs', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' },
        { Sid: 'Office', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } },
      ]) },
    ],
    requests: requests(8),
  };
}

const SERVICES = ['s3', 'ec2', 'dynamodb', 'iam', 'sqs', 'sns', 'lambda', 'kms', 'logs', 'cloudwatch'];

/** 10 managed policies × 20 statements: wildcard actions and resources, string/IP/bool/date conditions, a few denies. */
export function largeSet(): BenchSet {
  const policies = Array.from({ length: 10 }, (_, p) => ({
    name: `managed-${p}`,
    document: doc(Array.from({ length: 20 }, (_, s) => {
      const svc = SERVICES[(p + s) % SERVICES.length];
      const deny = s % 7 === 6;
      const conditions = [
        { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] } },
        { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12'] } },
        { Bool: { 'aws:SecureTransport': 'true' } },
        { StringLike: { 'aws:RequestedRegion': 'us-*' } },
        { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      ];
      return {
        Sid: `P${p}S${s}`,
        Effect: deny ? 'Deny' : 'Allow',
        Action: [`${svc}:${['Get', 'List', 'Describe', 'Put'][s % 4]}*`, `${svc}:*Tag*`],
        Resource: svc === 's3' ? [`arn:aws:s3:::data-${['blue', 'green'][s % 2]}*/*`, 'arn:aws:s3:::*-archive*'] : `arn:aws:${svc}:*:${ACCOUNT}:*`,
        Condition: s % 5 === 4 ? undefined : conditions[s % conditions.length],
      };
    })),
  }));
  // A JSON round trip drops the absent Conditions, as a stored document would.
  return { name: 'large (10 policies × 20 statements)', policies: JSON.parse(JSON.stringify(policies)), requests: requests(16) };
}
