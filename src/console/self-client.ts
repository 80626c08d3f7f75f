/**
 * The console acts as its signed-in identity by calling Gatehouse's own API:
 * real SigV4-signed requests (AWS SDK v3 clients) to the address the browser
 * reached, so each one goes through authenticate → authorize → handle like any
 * CLI call, is logged in the decision log, and is denied with AWS's own error.
 */
import type { IncomingMessage } from 'node:http';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ConsoleError } from './http.js';
import type { Creds } from './cookie-session.js';

/** The region the console signs for; Gatehouse's IAM and STS are global, and S3 buckets keep the region they were made in. */
export const CONSOLE_REGION = 'us-east-1';

/** This server, as the socket the browser connected to sees it. */
export function selfEndpoint(req: IncomingMessage): string {
  const host = req.socket.localAddress ?? '127.0.0.1';
  const plain = host.replace(/^::ffff:/, '');
  return `http://${plain.includes(':') ? `[${plain}]` : plain}:${req.socket.localPort}`;
}

export interface Clients { iam: IAMClient; sts: STSClient; s3: S3Client; sdk: Sdk }

type Sdk = { iam: typeof import('@aws-sdk/client-iam'); sts: typeof import('@aws-sdk/client-sts'); s3: typeof import('@aws-sdk/client-s3') };
let loaded: Promise<Sdk> | undefined;

/** The SDK is loaded on the console's first call, so the server's start does not pay for it. */
function sdk(): Promise<Sdk> {
  loaded ??= Promise.all([import('@aws-sdk/client-iam'), import('@aws-sdk/client-sts'), import('@aws-sdk/client-s3')])
    .then(([iam, sts, s3]) => ({ iam, sts, s3 }));
  return loaded;
}

type Signer = Pick<Creds, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;

function clientConfig(endpoint: string, creds: Signer) {
  return {
    endpoint, region: CONSOLE_REGION, maxAttempts: 1,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
  };
}

export async function clientsFor(endpoint: string, creds: Signer): Promise<Clients> {
  const m = await sdk();
  const config = clientConfig(endpoint, creds);
  return { iam: new m.iam.IAMClient(config), sts: new m.sts.STSClient(config), s3: new m.s3.S3Client({ ...config, forcePathStyle: true }), sdk: m };
}

type OrganizationsSdk = typeof import('@aws-sdk/client-organizations');
let organizationsLoaded: Promise<OrganizationsSdk> | undefined;

/** Organizations (AWS's JSON 1.1 protocol) has its own client, loaded on the Organization page's first visit only. */
export async function organizationsClientFor(endpoint: string, creds: Signer): Promise<{ org: OrganizationsClient; sdk: OrganizationsSdk }> {
  const m = await (organizationsLoaded ??= import('@aws-sdk/client-organizations'));
  return { org: new m.OrganizationsClient(clientConfig(endpoint, creds)), sdk: m };
}

/** An error of a call the console made, as AWS answered it: code, message and HTTP status. */
export function fromAws(e: unknown): ConsoleError {
  if (e instanceof ConsoleError) return e;
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined) return new ConsoleError('InternalError', 'The console could not reach Gatehouse.', 502);
  return new ConsoleError(err.Code ?? err.name ?? 'UnknownError', err.message ?? '', status);
}

/** Runs one call as the identity, turning AWS's refusal into the console's error. */
export async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw fromAws(e);
  }
}

/** What AWS answered when it refused a part of a page. */
export interface Refusal { code: string; message: string }

export function refusal(e: unknown): Refusal {
  const err = fromAws(e);
  return { code: err.code, message: err.message };
}

/** A part of a page: its value, or the AWS error that refused it (shown where the value would be). */
export async function part<T>(f: () => Promise<T>): Promise<{ value?: T; error?: Refusal }> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: refusal(e) };
  }
}
