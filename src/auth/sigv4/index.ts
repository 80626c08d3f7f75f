/** Server-side AWS Signature Version 4 verification (header, presigned, aws-chunked). */
export type { PayloadMode, RawRequest, SecretLookup, ServiceFamily, VerifiedRequest } from './types.js';
export { isSigned, verifySigV4 } from './verify.js';
export { BodyVerifier, createChunkVerifier } from './chunked.js';
