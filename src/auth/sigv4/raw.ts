/**
 * Reading the raw request without losing what the client signed: header
 * repeats, 'host' as sent, '+' in the query, and S3 paths untouched.
 */
import { escapeUri } from '@smithy/core/protocols';

/** Lower-cased header name → every value in arrival order. */
export function headerMap(rawHeaders: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const values = map.get(name);
    if (values) values.push(rawHeaders[i + 1]);
    else map.set(name, [rawHeaders[i + 1]]);
  }
  return map;
}

export const firstHeader = (headers: Map<string, string[]>, name: string): string | undefined => headers.get(name)?.[0];

/**
 * Repeated headers become one comma-joined value, each value trimmed first
 * ("Create a canonical request", Signature Version 4 signing process);
 * inner whitespace is collapsed later by the library's getCanonicalHeaders.
 */
export function joinedHeader(headers: Map<string, string[]>, name: string): string | undefined {
  const values = headers.get(name);
  return values === undefined ? undefined : values.length === 1 ? values[0].trim() : values.map((v) => v.trim()).join(',');
}

export function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url || '/', rawQuery: '' } : { path: url.slice(0, q) || '/', rawQuery: url.slice(q + 1) };
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // malformed escapes: keep as sent, the signature will tell
  }
};

/**
 * decodeURIComponent, not URLSearchParams: a '+' on the wire is a literal '+'
 * (clients encode spaces as %20), so it must re-encode as %2B.
 */
export function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else query[key] = [prev, value];
  }
  return query;
}

/** The single value of a query parameter, ignoring repeats. */
export function queryValue(query: Record<string, string | string[]>, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * S3's canonical URI: the path URI-encoded once, never normalised (keys like
 * 'a/../b' and 'a//b' are real). Each segment is decoded and re-encoded with
 * AWS's rules so '%2F' stays '%2F' and over-escaped or lower-case escapes
 * match what an SDK signed. The path as sent is the fallback candidate, for
 * clients (botocore) that sign their own wire form verbatim.
 */
export function s3CanonicalPaths(path: string): string[] {
  // Unreserved characters and slashes only: decoding and re-encoding each segment changes nothing.
  if (UNRESERVED_PATH.test(path)) return [path];
  const normalised = path
    .split('/')
    .map((segment) => {
      try {
        return escapeUri(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
  return normalised === path ? [path] : [normalised, path];
}

const UNRESERVED_PATH = /^[A-Za-z0-9\-_.~/]*$/;
