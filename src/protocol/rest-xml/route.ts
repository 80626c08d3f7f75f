/**
 * S3 request → operation. Addressing (path-style or virtual-host) gives the
 * bucket and key; the operation is then chosen from the @http traits of the
 * S3 schemas: method, which labels the URI has, the ?sub-resources in its
 * pattern, and the query/header members the input requires (uploadId,
 * partNumber, x-amz-copy-source…), most specific match first.
 */
import { AwsError } from '../../core/aws-error.js';
import { getOperation, listOperations, type OperationModel } from '../models.js';
import { lowerCaseHeaders, requiredMembers } from './bindings.js';
import { ROUTE_TIE_PREFERENCE } from './quirks.js';

export interface HttpIn {
  method: string;
  /** Raw, still percent-encoded path (no query). */
  path: string;
  query: Map<string, string | string[]>;
  headers: Record<string, string>;
  host: string;
}

export interface S3Route {
  op: OperationModel;
  bucket?: string;
  key?: string;
  /** other URI labels by member name (S3 Control's {Name}, {ConfigId}…) */
  labels?: Record<string, string>;
}

export interface RouteSpec {
  op: OperationModel;
  method: string;
  hasBucket: boolean;
  hasKey: boolean;
  /** ?sub-resources from the URI pattern: [name, value or undefined for "present"]. */
  subResources: Array<[string, string | undefined]>;
  /** The SDK's ?x-id=<Op> marker; other clients omit it, so it only breaks ties. */
  xId?: string;
  requiredQuery: string[];
  requiredHeaders: string[];
}

/** The specs by method and addressing (`GET 1 0`…), each group in listOperations' order. */
let specs: Map<string, RouteSpec[]> | undefined;
const groupOf = (method: string, hasBucket: boolean, hasKey: boolean) => `${method} ${hasBucket ? 1 : 0} ${hasKey ? 1 : 0}`;

/** Every spec, and the groups routeS3 picks among (exported for the test that the groups lose none). */
export function routeSpecs(): { all: readonly RouteSpec[]; groups: ReadonlyMap<string, readonly RouteSpec[]>; groupOf: typeof groupOf } {
  return { all: buildSpecs(), groups: (specs ??= groupSpecs()), groupOf };
}

function groupSpecs(): Map<string, RouteSpec[]> {
  const groups = new Map<string, RouteSpec[]>();
  for (const spec of buildSpecs()) {
    const key = groupOf(spec.method, spec.hasBucket, spec.hasKey);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(spec);
  }
  return groups;
}

function buildSpecs(): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (const name of listOperations('s3')) {
    const op = getOperation('s3', name)!;
    if (!op.http) continue;
    const [method, pattern] = op.http;
    const [path, qs = ''] = pattern.split('?');
    // Only bucket- and object-addressed URIs; WriteGetObjectResponse lives on an Object Lambda host.
    if (path !== '/' && path !== '/{Key+}') continue;
    const spec: RouteSpec = {
      op, method, hasKey: path === '/{Key+}', subResources: [], requiredQuery: [], requiredHeaders: [],
      hasBucket: false,
    };
    for (const part of qs.split('&').filter(Boolean)) {
      const [k, v] = part.split('=') as [string, string | undefined];
      if (k === 'x-id') spec.xId = v;
      else spec.subResources.push([k, v]);
    }
    for (const [, member] of op.input.isStructSchema() ? op.input.structIterator() : []) {
      if (member.getMergedTraits().httpLabel && member.getMemberName() === 'Bucket') spec.hasBucket = true;
    }
    for (const member of requiredMembers(op.input)) {
      const t = member.getMergedTraits();
      if (typeof t.httpQuery === 'string') spec.requiredQuery.push(t.httpQuery);
      if (typeof t.httpHeader === 'string') spec.requiredHeaders.push(t.httpHeader.toLowerCase());
    }
    out.push(spec);
  }
  return out;
}

const AWS_S3_HOST = /^s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** The bucket named by a virtual-host address, if the host is one. */
export function bucketFromHost(hostHeader: string, baseHosts: string[]): string | undefined {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  if (AWS_S3_HOST.test(host) || baseHosts.includes(host)) return undefined;
  for (const base of baseHosts) {
    if (host.endsWith(`.${base}`)) return host.slice(0, -base.length - 1);
  }
  for (let i = host.indexOf('.'); i > 0; i = host.indexOf('.', i + 1)) {
    if (AWS_S3_HOST.test(host.slice(i + 1))) return host.slice(0, i);
  }
  // Unknown hosts (IPs, container names…) are path-style.
  return undefined;
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

/** Bucket and key from the address; keys keep '//' and '..' exactly as sent. */
export function addressOf(req: HttpIn, baseHosts: string[]): { bucket?: string; key?: string } {
  const path = req.path.split('?')[0]!;
  const hostBucket = bucketFromHost(req.host, baseHosts);
  if (hostBucket !== undefined) {
    const key = path.slice(1);
    return { bucket: hostBucket, ...(key ? { key: decodePath(key) } : {}) };
  }
  const rest = path.slice(1);
  if (!rest) return {};
  const slash = rest.indexOf('/');
  const bucket = decodePath(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  return { bucket, ...(key ? { key: decodePath(key) } : {}) };
}

function score(spec: RouteSpec, req: HttpIn, headers: Record<string, string>, xId: string | undefined): number {
  let s = 0;
  for (const [k, v] of spec.subResources) {
    const got = req.query.get(k);
    if (got === undefined) return -1;
    if (v !== undefined && (Array.isArray(got) ? got[0] : got) !== v) return -1;
    s += 100;
  }
  for (const q of spec.requiredQuery) {
    if (!req.query.has(q)) return -1;
    s += 10;
  }
  for (const h of spec.requiredHeaders) {
    if (headers[h] === undefined) return -1;
    s += 10;
  }
  if (xId !== undefined && spec.xId !== undefined) {
    if (xId !== spec.xId) return -1;
    s += 1000;
  }
  return s;
}

export function routeS3(req: HttpIn, opts: { baseHosts: string[] }): S3Route | undefined {
  const { bucket, key } = addressOf(req, opts.baseHosts);
  const method = req.method.toUpperCase();
  const headers = lowerCaseHeaders(req.headers);
  const xIdRaw = req.query.get('x-id');
  const xId = Array.isArray(xIdRaw) ? xIdRaw[0] : xIdRaw;
  let best: RouteSpec | undefined;
  let bestScore = -1;
  for (const spec of (specs ??= groupSpecs()).get(groupOf(method, bucket !== undefined, key !== undefined)) ?? []) {
    const s = score(spec, req, headers, xId);
    if (s > bestScore || (s === bestScore && s >= 0 && preferred(spec, best))) {
      best = spec;
      bestScore = s;
    }
  }
  if (!best || bestScore < 0) return undefined;
  return { op: best.op, ...(bucket !== undefined ? { bucket } : {}), ...(key !== undefined ? { key } : {}) };
}

function preferred(spec: RouteSpec, current: RouteSpec | undefined): boolean {
  return !!current && ROUTE_TIE_PREFERENCE.indexOf(spec.op.name) >= 0 &&
    (ROUTE_TIE_PREFERENCE.indexOf(current.op.name) < 0 || ROUTE_TIE_PREFERENCE.indexOf(spec.op.name) < ROUTE_TIE_PREFERENCE.indexOf(current.op.name));
}
