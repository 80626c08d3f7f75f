/** Reads a request body into memory, refusing bodies over the limit before they are read whole. */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../../core/aws-error.js';

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) =>
  new AwsError('RequestEntityTooLarge', `Request body is larger than the ${limit} bytes this endpoint accepts.`, 413);
