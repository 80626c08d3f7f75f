/** Reads a request body into memory, refusing bodies over the limit before they are read whole. */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../../core/aws-error.js';

const EMPTY = Buffer.alloc(0);

// Plain 'data'/'end' listeners: a stream's async iterator costs more than the small bodies it reads.
export function readBody(req: IncomingMessage, limit: number, tooLarge: (limit: number) => AwsError = defaultTooLarge): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const defaultTooLarge = (limit: number) =>
  new AwsError('RequestEntityTooLarge', `Request body is larger than the ${limit} bytes this endpoint accepts.`, 413);
