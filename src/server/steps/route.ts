/**
 * Which service and protocol a request is for. Signed requests say it in
 * their credential scope; unsigned ones can only be anonymous S3 (IAM and
 * STS refuse them), or Gatehouse's own admin endpoints.
 */
export type Family = 'query' | 's3' | 'admin';
export interface Target { family: Family; service: 'iam' | 'sts' | 's3' | 's3control' | 'gatehouse' }

import { isControlRequest } from '../../protocol/rest-xml/index.js';

const ADMIN_PREFIX = '/_gatehouse/';

/** The service named in a SigV4 credential scope (header or presigned), if any. */
export function scopeService(url: string, authorization: string | undefined): string | undefined {
  const cred = (authorization === undefined ? undefined : credentialOf(authorization)) ?? queryParam(url, 'X-Amz-Credential');
  return cred === undefined ? undefined : fourthField(cred);
}

/** cred.split('/')[3], without splitting the rest. */
function fourthField(cred: string): string | undefined {
  let at = -1;
  for (let n = 0; n < 3; n++) {
    at = cred.indexOf('/', at + 1);
    if (at < 0) return undefined;
  }
  const end = cred.indexOf('/', at + 1);
  return end < 0 ? cred.slice(at + 1) : cred.slice(at + 1, end);
}

const CREDENTIAL = 'Credential=';
/** What /[,\s]/ matches: a comma or any JavaScript white space or line terminator. */
const SEPARATOR = /[,\s]/;

/** The first non-empty run of characters up to a comma or white space after "Credential=" (as /Credential=([^,\s]+)/). */
export function credentialOf(authorization: string): string | undefined {
  for (let at = authorization.indexOf(CREDENTIAL); at >= 0; at = authorization.indexOf(CREDENTIAL, at + 1)) {
    const start = at + CREDENTIAL.length;
    let end = start;
    while (end < authorization.length && !isSeparator(authorization.charCodeAt(end))) end++;
    if (end > start) return authorization.slice(start, end);
  }
  return undefined;
}

// Printable ASCII other than the comma and space is never a separator; anything else is asked of the pattern.
const isSeparator = (c: number): boolean => (c > 32 && c < 127 ? c === 44 : SEPARATOR.test(String.fromCharCode(c)));

function queryParam(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  for (const part of url.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) {
      try { return decodeURIComponent(part.slice(eq + 1)); } catch { return undefined; }
    }
  }
  return undefined;
}

export function route(method: string, url: string, headers: Record<string, string | string[] | undefined>): Target {
  if (url.startsWith(ADMIN_PREFIX)) return { family: 'admin', service: 'gatehouse' };
  const service = scopeService(url, headers.authorization as string | undefined);
  if (service === 'iam' || service === 'sts') return { family: 'query', service };
  if (service === undefined && (/[?&]Action=/.test(url) || (method === 'POST' && String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && !String(headers.host ?? '').match(/^[a-z0-9.-]+\.s3\./)))) {
    // An unsigned Query call: IAM and STS both demand a signature, so the service hardly matters for the error.
    return { family: 'query', service: 'sts' };
  }
  // S3 Control signs as service s3 and speaks S3's protocol; its paths and x-amz-account-id header set it apart.
  if (isControlRequest(url, headers)) return { family: 's3', service: 's3control' };
  return { family: 's3', service: 's3' };
}

/**
 * A request line in absolute form (`PUT http://host/path`, as a client sends
 * it to a proxy) served as the origin-form path: RFC 9112 §3.2.2 has servers
 * accept it. It lets the AWS CLI reach S3 Control through HTTP_PROXY when the
 * host it builds (`ACCOUNT_ID.127.0.0.1`) does not resolve.
 */
export function originForm(url: string): string {
  if (url.charCodeAt(0) === 47 /* '/' */) return url; // origin form already, as nearly every request
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!m) return url;
  const rest = url.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
