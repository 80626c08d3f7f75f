/**
 * What differs between AWS's wire families (Query for IAM and STS, REST-XML
 * for S3, JSON for Organizations) behind one interface, so app.ts lists the
 * steps once for all of them: route → read body → authenticate → decode →
 * authorize → handle → encode → send. A family module recognises its
 * requests, reads the body as it needs, says who an unsigned caller is,
 * decodes and encodes, and owns its family-only steps.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AwsError } from '../../core/aws-error.js';
import type { ServiceFamily, VerifiedRequest } from '../../auth/sigv4/index.js';
import type { OperationModel, ServiceName } from '../../protocol/models.js';
import { SERVICES } from '../../services/registry.js';
import type { OperationDef, RequestContext } from '../../services/operation.js';
import type { Principal } from '../../services/principal.js';
import type { Authenticated } from '../steps/authenticate.js';
import type { Limits } from '../limits.js';
import type { Runtime } from '../runtime.js';
import type { Target } from '../steps/route.js';

export interface Decoded { model: OperationModel; def: OperationDef; input: Record<string, unknown>; labels?: { bucket?: string; key?: string } }
export interface WireResponse { status: number; headers: Record<string, string>; body?: string | Buffer | Readable }
/** The largest body a request may send, and the error its service answers when one is larger. */
export interface BodyLimit { bytes: number; tooLarge: () => AwsError }

/** The steps every family has. R is what the family reads of a request before its body (see open). */
interface FamilyBase<R> {
  /** SigV4's dialect for this family's signatures: S3's path rules and error words, or every other service's. */
  readonly signing: ServiceFamily;
  /** What the family reads of the request line and headers before the body (S3 routes here: whether its body streams depends on the operation). */
  open(req: IncomingMessage, method: string, url: string, target: Target, rt: Runtime): R;
  /** True when the body is left unread, for receive() to stream once the caller is authorized. */
  streamsBody?(r: R): boolean;
  bodyLimit(limits: Limits, target: Target): BodyLimit;
  /** The caller of an unsigned request, or the family's refusal (thrown). */
  unsignedCaller(r: R, body: Buffer): Authenticated;
  /** Any error of this request, in the family's (and service's) words, with its request-id header. */
  encodeError(target: Target, err: AwsError, requestId: string): WireResponse;
}

/** A family whose requests name service operations: decoded, authorized, handled in a transaction, encoded. */
export interface OperationFamily<R = any> extends FamilyBase<R> {
  decode(r: R, body: Buffer): Decoded;
  /** Family-only checks of a buffered body against the request's headers, before authorization (S3's Content-MD5). */
  checkRequest?(r: R, decoded: Decoded, body: Buffer): Promise<void> | undefined;
  /** Receives a streamed body once the caller may send it (S3 object uploads); nothing when the body was buffered. */
  receive?(r: R, req: IncomingMessage, decoded: Decoded, ctx: RequestContext, verified: VerifiedRequest, rt: Runtime): Promise<void> | undefined;
  /** After the handler's transaction committed or rolled back. */
  settle?(requestId: string, committed: boolean, input: Record<string, unknown>): void;
  encodeOutput(decoded: Decoded, output: Record<string | symbol, unknown>, requestId: string): WireResponse;
}

/** A family that answers by itself once the caller is known (Gatehouse's own admin endpoints). */
export interface EndpointFamily<R = any> extends FamilyBase<R> {
  serve(r: R, body: Buffer, principal: Principal, rt: Runtime): Promise<WireResponse>;
}

export type WireFamily = OperationFamily | EndpointFamily;

/** A body bound answered with 413 RequestEntityTooLarge (IAM, STS, JSON services, admin endpoints; their exact error is unconfirmed, see limits.ts). */
export function upTo(bytes: number): BodyLimit {
  return { bytes, tooLarge: () => new AwsError('RequestEntityTooLarge', `Request body is larger than the ${bytes} bytes this endpoint accepts.`, 413) };
}

/** The operation's definition, or AWS-style NotImplemented for a modelled operation Gatehouse lacks. */
export function implemented(service: ServiceName, model: OperationModel): OperationDef {
  const def = SERVICES[service].operations[model.name];
  if (!def) throw new AwsError('NotImplemented', `Gatehouse does not implement ${service}:${model.name} yet.`, 501);
  return def;
}
