import type { SigningKey } from './signer.js';

/** The request exactly as node:http received it; nothing decoded or normalised. */
export interface RawRequest {
  method: string;
  /** path + '?' + query, undecoded (node's req.url). */
  url: string;
  /** node's req.rawHeaders (name, value, name, value…): repeats and 'host' kept as sent. */
  rawHeaders: string[];
  /** Full body when buffered (IAM/STS); undefined for streamed S3 bodies. */
  body?: Buffer;
}

export interface SecretLookup {
  (accessKeyId: string): { secretAccessKey: string } | undefined;
}

/** Decides error codes/messages and path encoding: S3 speaks its own dialect. */
export type ServiceFamily = 's3' | 'query';

export type PayloadMode =
  | 'signed'
  | 'unsigned'
  | 'streaming-signed'
  | 'streaming-unsigned-trailer'
  | 'streaming-signed-trailer';

export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** X-Amz-Security-Token header or query parameter, if present; the caller validates it. */
  sessionToken?: string;
  payload: PayloadMode;
  presigned: boolean;
  signingDate: Date;
  /** The request's own signature: the seed of an aws-chunked signature chain. */
  seedSignature: string;
  /** Derived kSigning, only for streaming-signed payloads: it signs each chunk of the chain. */
  signingKey?: SigningKey;
  /** Extension: the x-amz-content-sha256 value when payload is 'signed' (hex), for streamed bodies. */
  payloadHash?: string;
  /** Extension: x-amz-decoded-content-length, for aws-chunked bodies. */
  decodedContentLength?: number;
  /** Extension: x-amz-trailer (lower-cased names), the trailers an aws-chunked body promises. */
  trailer?: string[];
}
