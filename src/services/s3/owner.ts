import { hash } from 'node:crypto';

/** S3 names an account by a 64-hex-digit canonical user id. */
export const canonicalUserId = (account: string) => hash('sha256', `gatehouse:${account}`, 'hex');
