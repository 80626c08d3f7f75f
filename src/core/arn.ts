/** ARNs: arn:partition:service:region:account:resource */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) return undefined;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

export const formatArn = (a: Arn) => `arn:${a.partition}:${a.service}:${a.region}:${a.account}:${a.resource}`;

export const PARTITION = 'aws';

export const iamArn = (account: string, resource: string) => `arn:${PARTITION}:iam::${account}:${resource}`;
export const rootArn = (account: string) => iamArn(account, 'root');
export const userArn = (account: string, path: string, name: string) => iamArn(account, `user${path}${name}`);
export const roleArn = (account: string, path: string, name: string) => iamArn(account, `role${path}${name}`);
export const policyArn = (account: string, path: string, name: string) => iamArn(account, `policy${path}${name}`);
export const assumedRoleArn = (account: string, role: string, session: string) =>
  `arn:${PARTITION}:sts::${account}:assumed-role/${role}/${session}`;
export const bucketArn = (bucket: string) => `arn:${PARTITION}:s3:::${bucket}`;
