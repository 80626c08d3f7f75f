/**
 * Which service and wire family a request is for. Signed requests say it in
 * their credential scope; unsigned ones are recognised by their family's
 * marks (Query's Action, JSON's X-Amz-Target), or else are anonymous S3;
 * Gatehouse's own admin endpoints have their prefix. Each family
 * (families/) says what it recognises.
 */
export type Family = 'query' | 'rest-xml' | 'json' | 'admin';
export interface Target { family: Family; service: ServiceName | 'gatehouse' }

import type { ServiceName } from '../../protocol/models.js';
import { isControlRequest } from '../../protocol/rest-xml/index.js';
import { jsonSigned, jsonUnsigned, querySigned, queryUnsigned } from '../families/index.js';

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

const ADMIN: Target = { family: 'admin', service: 'gatehouse' };
const S3: Target = { family: 'rest-xml', service: 's3' };
const S3_CONTROL: Target = { family: 'rest-xml', service: 's3control' };

export function route(method: string, url: string, headers: Record<string, string | string[] | undefined>): Target {
  if (url.startsWith(ADMIN_PREFIX)) return ADMIN;
  const service = scopeService(url, headers.authorization as string | undefined);
  const known = service === undefined ? queryUnsigned(method, url, headers) ?? jsonUnsigned(headers) : querySigned(service) ?? jsonSigned(service);
  if (known) return known;
  // S3 Control signs as service s3 and speaks S3's protocol; its paths and x-amz-account-id header set it apart.
  return isControlRequest(url, headers) ? S3_CONTROL : S3;
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
