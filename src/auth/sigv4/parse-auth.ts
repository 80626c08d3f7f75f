/**
 * Reads the SigV4 parameters from the Authorization header or the presigned
 * query, and checks their shape (not their truth). Sources: "Authenticating
 * Requests: Using the Authorization Header (AWS Signature Version 4)" and
 * "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)"
 * (Amazon S3 API Reference); "Elements of an AWS API request signature" (IAM).
 */
import { AwsError } from '../../core/aws-error.js';
import { malformed, s3Error } from './errors.js';
import { firstHeader, queryValue } from './raw.js';
import type { SigningKey } from './signer.js';
import type { ServiceFamily } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** "Signature Version 4 presigned URLs must have an expiration date less than one week". */
export const MAX_EXPIRES = 604800;

export interface AuthParams {
  presigned: boolean;
  signedHeaders: string[];
  signature: string;
  /** yyyyMMdd'T'HHmmss'Z', as it enters the string to sign. */
  longDate: string;
  signingDate: Date;
  expiresSeconds?: number;
  sessionToken?: string;
  /** The parsed credential (key id, day, region, service), shared by every request that sends the same one (its signing key is kept on it). */
  credential: CredentialScope;
}

/** A well-formed Credential (key id and scope); the slot holds its derived signing key once a request has made it. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
  signingKey?: SigningKey;
}

type Query = Record<string, string | string[]>;

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];

export function readAuth(headers: Map<string, string[]>, query: Query, family: ServiceFamily): AuthParams {
  const header = firstHeader(headers, 'authorization');
  const presigned = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].some((p) => queryValue(query, p) !== undefined);
  if (header !== undefined && presigned) {
    const message =
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';
    throw family === 's3' ? s3Error('InvalidArgument', message, 400) : new AwsError('IncompleteSignature', message, 400);
  }
  if (header !== undefined) return readHeader(header, headers, family);
  if (presigned) return readQuery(query, family);
  throw family === 's3'
    ? s3Error('AccessDenied', 'Access Denied', 403)
    : new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function unsupported(family: ServiceFamily, algorithm: string): AwsError {
  return family === 's3'
    ? s3Error('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400)
    : new AwsError('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'`, 400);
}

function readHeader(header: string, headers: Map<string, string[]>, family: ServiceFamily): AuthParams {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) throw unsupported(family, algorithm);
  // Comma-separated name=value fields; a repeated field's last value counts.
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (let start = space + 1; ; ) {
    const comma = header.indexOf(',', start);
    const end = comma < 0 ? header.length : comma;
    const eq = header.indexOf('=', start);
    if (eq > start && eq < end) {
      const name = header.slice(start, eq).trim();
      if (name === 'Credential') credential = header.slice(eq + 1, end).trim();
      else if (name === 'SignedHeaders') signedHeaders = header.slice(eq + 1, end).trim();
      else if (name === 'Signature') signature = header.slice(eq + 1, end).trim();
    }
    if (comma < 0) break;
    start = comma + 1;
  }
  const amzDate = firstHeader(headers, 'x-amz-date');
  const dateValue = amzDate ?? firstHeader(headers, 'date');
  const date = dateValue === undefined ? undefined : parseDate(dateValue, amzDate !== undefined);
  if (!credential || !signedHeaders || !signature || (!date && family !== 's3')) {
    // IAM/STS list every missing part, then echo the header back.
    const missing = [
      !credential && "Authorization header requires 'Credential' parameter.",
      !signature && "Authorization header requires 'Signature' parameter.",
      !signedHeaders && "Authorization header requires 'SignedHeaders' parameter.",
      !date && "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    ].filter(Boolean);
    throw malformed(
      family,
      false,
      'the authorization header requires three components: Credential, SignedHeaders, and Signature.',
      `${missing.join(' ')} Authorization=${header}`,
    );
  }
  if (!date) throw s3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
  return {
    presigned: false,
    signedHeaders: signedHeaders.split(';'),
    signature,
    longDate: date.longDate,
    signingDate: date.signingDate,
    sessionToken: firstHeader(headers, 'x-amz-security-token'),
    credential: readCredential(credential, date.longDate, family, false),
  };
}

function readQuery(query: Query, family: ServiceFamily): AuthParams {
  const missing = PRESIGN_PARAMS.filter((p) => !queryValue(query, p) && !(family !== 's3' && p === 'X-Amz-Expires'));
  if (missing.length) {
    throw family === 's3'
      ? s3Error(
          'AuthorizationQueryParametersError',
          'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
          400,
        )
      : new AwsError(
          'IncompleteSignature',
          `${missing.map((p) => `AWS query-string parameters must include '${p}'.`).join(' ')} Re-examine the query-string parameters.`,
          400,
        );
  }
  // A repeated authentication parameter is ambiguous (X-Amz-Signature is left out of what is signed, so a
  // second one would ride along unchecked): refused, as a malformed presigned request.
  const repeated = [...PRESIGN_PARAMS, 'X-Amz-Security-Token'].find((p) => Array.isArray(query[p]));
  if (repeated) {
    throw family === 's3'
      ? s3Error('AuthorizationQueryParametersError', `Query-string authentication requires a single ${repeated} parameter.`, 400)
      : new AwsError('IncompleteSignature', `AWS query-string parameter '${repeated}' must appear once. Re-examine the query-string parameters.`, 400);
  }
  const algorithm = queryValue(query, 'X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) {
    throw family === 's3'
      ? s3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400)
      : unsupported(family, algorithm);
  }
  const date = parseDate(queryValue(query, 'X-Amz-Date')!, true);
  if (!date) {
    throw malformed(family, true, 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', 'Invalid X-Amz-Date');
  }
  return {
    presigned: true,
    credential: readCredential(queryValue(query, 'X-Amz-Credential')!, date.longDate, family, true),
    signedHeaders: queryValue(query, 'X-Amz-SignedHeaders')!.split(';'),
    signature: queryValue(query, 'X-Amz-Signature')!,
    ...date,
    expiresSeconds: readExpires(queryValue(query, 'X-Amz-Expires'), family),
    sessionToken: queryValue(query, 'X-Amz-Security-Token'),
  };
}

/** S3's three X-Amz-Expires messages ("Authenticating Requests: Using Query Parameters"). */
function readExpires(value: string | undefined, family: ServiceFamily): number | undefined {
  if (value === undefined) return undefined;
  const fail = (message: string) =>
    family === 's3' ? s3Error('AuthorizationQueryParametersError', message, 400) : new AwsError('IncompleteSignature', message, 400);
  if (!/^-?\d+$/.test(value)) throw fail('X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 0) throw fail('X-Amz-Expires must be non-negative');
  if (seconds > MAX_EXPIRES) throw fail(`X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES}`);
  return seconds;
}

/**
 * Well-formed credentials already read, by their text: a client sends the same one (key id, day,
 * region, service) on every request of a day. Only the shape is cached; the date is checked each time.
 */
const credentials = new Map<string, CredentialScope>();
const MAX_CREDENTIALS = 1000;

function readCredential(credential: string, longDate: string, family: ServiceFamily, presigned: boolean): CredentialScope {
  const prefix = presigned ? 'Error parsing the X-Amz-Credential parameter; ' : '';
  let scope = credentials.get(credential);
  if (!scope) {
    const parts = credential.split('/');
    if (parts.length !== 5 || parts.some((p) => p === '')) {
      throw malformed(
        family,
        presigned,
        `${prefix}the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
      );
    }
    const [accessKeyId, shortDate, region, service, terminator] = parts;
    if (terminator !== 'aws4_request') {
      throw malformed(
        family,
        presigned,
        `${prefix}incorrect terminal "${terminator}". This endpoint uses "aws4_request".`,
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
        'SignatureDoesNotMatch',
      );
    }
    scope = { accessKeyId, shortDate, region, service };
    if (credentials.size >= MAX_CREDENTIALS) credentials.clear();
    credentials.set(credential, scope);
  }
  const { shortDate } = scope;
  if (shortDate !== longDate.slice(0, 8)) {
    throw malformed(
      family,
      presigned,
      `${prefix}Invalid credential date "${shortDate}". This date is not the same as X-Amz-Date: "${longDate.slice(0, 8)}".`,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${longDate.slice(0, 8)}', from '${longDate}'.`,
      'SignatureDoesNotMatch',
    );
  }
  return scope;
}

/** X-Amz-Date is ISO 8601 basic; a plain Date header is RFC 1123 and is re-expressed for the string to sign. */
export function parseDate(value: string, amz: boolean): { longDate: string; signingDate: Date } | undefined {
  if (amz) {
    const ms = amzDateMs(value);
    return ms === undefined ? undefined : { longDate: value, signingDate: new Date(ms) };
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { longDate: toLongDate(date), signingDate: date };
}

/**
 * yyyyMMdd'T'HHmmss'Z' as epoch milliseconds, or undefined unless it names a real
 * calendar time (no 20260230, no second 60). Years below 100 are refused too: Date.UTC
 * reads them as 19xx, so such a date could never be the one written.
 */
export function amzDateMs(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 2);
  const day = digits(value, 6, 2);
  const hour = digits(value, 9, 2);
  const minute = digits(value, 11, 2);
  const second = digits(value, 13, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  if (day > daysIn(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The decimal number written by count ASCII digits at from, or -1 if any is not a digit. */
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const daysIn = (year: number, month: number): number =>
  month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

export const toLongDate = (date: Date): string => date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
