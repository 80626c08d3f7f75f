/**
 * S3 Control request → operation. Its URIs live under /v20180820/ with
 * their own labels ({Name}, {ConfigId}…), and the account id travels in the
 * x-amz-account-id header (the clients also put it in front of the host,
 * which the server ignores). Each operation's @http trait gives the method
 * and URI pattern; the most specific match (fewest labels) wins.
 */
import { AwsError } from '../../core/aws-error.js';
import { getOperation, listOperations } from '../models.js';
import type { HttpIn, S3Route } from './route.js';

export const CONTROL_PREFIX = '/v20180820/';

interface ControlSpec { op: NonNullable<ReturnType<typeof getOperation>>; method: string; pattern: RegExp; labels: string[]; subResources: string[] }

let specs: ControlSpec[] | undefined;

function escapeRegExp(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function buildSpecs(): ControlSpec[] {
  const out: ControlSpec[] = [];
  for (const name of listOperations('s3control')) {
    const op = getOperation('s3control', name)!;
    if (!op.http) continue;
    const [method, uri] = op.http;
    const [path, qs = ''] = uri.split('?');
    const labels: string[] = [];
    const source = path.split('/').map((seg) => {
      const m = /^\{([A-Za-z0-9]+)(\+?)\}$/.exec(seg);
      if (!m) return escapeRegExp(seg);
      labels.push(m[1]);
      return m[2] ? '(.+)' : '([^/]+)';
    }).join('/');
    out.push({ op, method, pattern: new RegExp(`^${source}$`), labels, subResources: qs.split('&').filter(Boolean).map((p) => p.split('=')[0]) });
  }
  // Literal paths before labelled ones: /v20180820/accesspoint before /v20180820/accesspoint/{Name}.
  return out.sort((a, b) => a.labels.length - b.labels.length || b.subResources.length - a.subResources.length);
}

/** True for a request the S3 Control API serves rather than S3 itself. */
export function isControlRequest(path: string, headers: Record<string, string | string[] | undefined>): boolean {
  return path.startsWith(CONTROL_PREFIX) && headers['x-amz-account-id'] !== undefined;
}

export function routeS3Control(req: HttpIn): S3Route | undefined {
  const path = req.path.split('?')[0]!;
  const method = req.method.toUpperCase();
  for (const spec of (specs ??= buildSpecs())) {
    if (spec.method !== method) continue;
    const m = spec.pattern.exec(path);
    if (!m || spec.subResources.some((q) => !req.query.has(q))) continue;
    const labels: Record<string, string> = {};
    spec.labels.forEach((name, i) => {
      try { labels[name] = decodeURIComponent(m[i + 1]!); } catch { throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400); }
    });
    return { op: spec.op, labels };
  }
  return undefined;
}
