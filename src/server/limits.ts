/**
 * What one client may cost the server: body and header sizes, connections,
 * and how long a client may take to send a request. Each limit answers with
 * an AWS-shaped error where an HTTP response is still possible.
 *
 * Sizes follow what AWS accepts, so no request a real client sends is refused:
 * - IAM: its largest parameter is a SAML metadata document of up to 10,000,000
 *   characters (CreateSAMLProvider / UpdateSAMLProvider, IAM API Reference),
 *   form-encoded; 32 MiB holds it.
 * - STS: its largest is a SAML assertion of 100,000 characters (AssumeRoleWithSAML).
 * - S3: object bodies stream to disk up to 5 GiB a PUT (checked in services/s3/body.ts);
 *   other bodies are XML configurations, the largest a DeleteObjects of 1,000
 *   keys or a CompleteMultipartUpload of 10,000 parts, well under 8 MiB.
 *   S3 names the error MaxMessageLengthExceeded ("Your request was too big.",
 *   400, Amazon S3 "Error responses").
 * - Organizations (JSON): its largest input is a policy document (5,120
 *   characters for an SCP or RCP; other policy types are larger, still KiBs).
 * Each wire family (families/) says which of these bounds its requests and its error.
 * - Headers: node's 16 KiB for request line and headers (S3 documents 8 KB of
 *   PUT headers; presigned URLs with session tokens need more room in the line).
 *   Over it: S3's RequestHeaderSectionTooLarge (400).
 * Not confirmed: the exact body size at which IAM and STS refuse a request, and
 * their error for it (Gatehouse answers 413 RequestEntityTooLarge in Query form).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AwsError } from '../core/aws-error.js';
import { newRequestId } from '../core/ids.js';
import type { WireFamily } from './families/family.js';
import type { Target } from './steps/route.js';
import { readBody } from './steps/read-body.js';

export interface Limits {
  /** bytes of a buffered IAM request body */
  iamBodyBytes: number;
  /** bytes of a buffered STS request body */
  stsBodyBytes: number;
  /** bytes of an S3 request body other than an object's (XML configurations, DeleteObjects…) */
  s3BodyBytes: number;
  /** bytes of a JSON-protocol request body (Organizations) */
  jsonBodyBytes: number;
  /** bytes of an admin endpoint's JSON body */
  adminBodyBytes: number;
  /** bytes of request line plus headers (node's maxHeaderSize) */
  headerBytes: number;
  /** open connections at once; more are refused at accept */
  maxConnections: number;
  /** a client must send the whole request head within this (slowloris) */
  headersTimeoutMs: number;
  /** a connection that sends and receives nothing this long is closed (S3's RequestTimeout) */
  idleTimeoutMs: number;
  /** a buffered (non-object) body must arrive whole within this, however slowly it trickles */
  bodyTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  iamBodyBytes: 32 * 1024 * 1024,
  stsBodyBytes: 1024 * 1024,
  s3BodyBytes: 8 * 1024 * 1024,
  jsonBodyBytes: 1024 * 1024,
  adminBodyBytes: 64 * 1024,
  headerBytes: 16 * 1024,
  maxConnections: 1024,
  headersTimeoutMs: 20_000,
  idleTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
};

const KEEP_ALIVE_MS = 65_000;

export const limitsWith = (overrides: Partial<Limits> = {}): Limits => ({ ...DEFAULT_LIMITS, ...overrides });

/** S3's error document, written straight to a socket when no request object exists yet. */
function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${newRequestId()}</RequestId></Error>`;
}

function rawResponse(status: number, reason: string, code: string, message: string): string {
  const body = s3ErrorXml(code, message);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

const REQUEST_TIMEOUT = "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.";

/** Answers a request still waiting for its response with S3's RequestTimeout, then closes the connection. */
function timeOut(socket: Socket): void {
  const res = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  // Once the response ends, node detaches the request from its socket: closing the socket
  // would no longer tell a handler still reading the body. It is told here, so it stops
  // waiting and discards what it staged.
  const stop = () => {
    if (res?.req && !res.req.complete) res.req.destroy(new AwsError('RequestTimeout', REQUEST_TIMEOUT, 400));
    socket.destroy();
  };
  if (res && !res.headersSent && !res.writableEnded) {
    const body = s3ErrorXml('RequestTimeout', REQUEST_TIMEOUT);
    res.writeHead(400, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
    res.end(body, stop);
    setTimeout(stop, 1000).unref();
    return;
  }
  stop();
}

/** Options for node's createServer: header size, and checks of headersTimeout often enough to matter (node's default is every 30 s). */
export function serverOptions(limits: Limits) {
  return {
    keepAlive: true, maxHeaderSize: limits.headerBytes, connectionsCheckingInterval: Math.max(100, Math.min(5000, Math.floor(limits.headersTimeoutMs / 4))),
    // A request without Host reaches the handler, which refuses it in the service's own error format
    // (node would answer a bare 400); its signature, which covers host, cannot match.
    requireHostHeader: false,
  };
}

/** Node's own limits set from ours, and AWS-shaped answers to what node refuses before a request exists. */
export function applyLimits(server: Server, limits: Limits): void {
  server.maxConnections = limits.maxConnections;
  // An idle kept-alive connection stays open longer than clients keep theirs (node's default, 5 s, closes
  // connections that SDK clients are about to reuse: their next request meets a closed socket).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = limits.headersTimeoutMs;
  // Whole-request time is not capped by node: a 5 GiB PUT on a slow link is legitimate.
  // Idle connections and trickled small bodies are (idleTimeoutMs, bodyTimeoutMs).
  server.requestTimeout = 0;
  server.timeout = limits.idleTimeoutMs;
  server.on('timeout', timeOut);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      socket.end(rawResponse(400, 'Bad Request', 'RequestHeaderSectionTooLarge',
        'Your request header section exceeds the maximum allowed size.'));
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end(rawResponse(400, 'Bad Request', 'RequestTimeout', REQUEST_TIMEOUT));
    } else {
      socket.end(rawResponse(400, 'Bad Request', 'BadRequest', 'An error occurred when parsing the HTTP request.'));
    }
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}

/** True for host names and addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/** The warning `serve` prints when it listens where others can reach it, or undefined on loopback. */
export function bindWarning(host: string): string | undefined {
  return isLoopback(host) ? undefined : `warning: listening on ${host}, not loopback: anyone who can reach it can try its credentials`;
}

/** A buffered body within its service's size limit, arriving within bodyTimeoutMs. */
export async function readLimitedBody(req: IncomingMessage, limits: Limits, family: Pick<WireFamily, 'bodyLimit'>, target: Target): Promise<Buffer> {
  if (hasNoBody(req)) return NO_BODY;
  const { bytes, tooLarge } = family.bodyLimit(limits, target);
  const timer = setTimeout(timeOut, limits.bodyTimeoutMs, req.socket);
  try {
    return await readBody(req, bytes, tooLarge);
  } finally {
    clearTimeout(timer);
  }
}

const NO_BODY = Buffer.alloc(0);

/**
 * A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), nor has one
 * declaring Content-Length: 0: there is nothing to wait for (most GETs, HEADs and DELETEs).
 */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}
