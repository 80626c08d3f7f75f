/**
 * The few query-protocol operations AWS answers without a signature
 * (AssumeRoleWithWebIdentity, AssumeRoleWithSAML: the token or assertion is
 * the credential). Everything else unsigned is MissingAuthenticationToken.
 */
import { SERVICES } from '../../services/registry.js';
import type { Principal } from '../../services/principal.js';
import type { VerifiedRequest } from '../../auth/sigv4/index.js';
import type { Target } from './route.js';

function actionOf(url: string, body: Buffer | undefined): string | undefined {
  const q = url.indexOf('?');
  for (const form of [q >= 0 ? url.slice(q + 1) : '', body?.toString('utf8') ?? '']) {
    const m = /(?:^|&)Action=([^&]*)/.exec(form);
    if (m) return decodeURIComponent(m[1].replace(/\+/g, ' '));
  }
  return undefined;
}

export function unsignedAllowed(target: Target, url: string, body: Buffer | undefined): boolean {
  if (target.family !== 'query' || (target.service !== 'sts' && target.service !== 'iam')) return false;
  const action = actionOf(url, body);
  return action !== undefined && SERVICES[target.service].operations[action]?.unsigned === true;
}

/** The caller of an unsigned query request: nobody, until its token says otherwise. */
export function anonymousQueryCaller(): { principal: Principal; verified: VerifiedRequest } {
  return {
    principal: { type: 'Anonymous', account: '', arn: 'anonymous', userId: 'anonymous', accessKeyId: '' },
    verified: { accessKeyId: '', region: 'us-east-1', service: 'sts', signedHeaders: [], payload: 'unsigned', presigned: false, signingDate: new Date(0), seedSignature: '' } as VerifiedRequest,
  };
}
