import { createHash } from 'node:crypto';

/** S3 names an account by a 64-hex-digit canonical user id. */
export const canonicalUserId = (account: string) => createHash('sha256').update(`gatehouse:${account}`).digest('hex');
