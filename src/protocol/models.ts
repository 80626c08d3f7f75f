/**
 * AWS's own service models, read from the runtime schemas the pinned v3
 * clients export (`CreateUser$`, `CreateUserRequest$`, `NoSuchEntityException$`…).
 * Each client module is required lazily on first use: loading one costs
 * ~100-180 ms, so a server that never touches S3 never pays for it.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizedSchema } from '@smithy/core/schema';

export type ServiceName = 'iam' | 'sts' | 's3' | 's3control' | 'organizations';

export interface OperationModel {
  service: ServiceName;
  name: string;
  input: NormalizedSchema;
  output: NormalizedSchema;
  /** The smithy @http trait: method, URI pattern (with ?sub-resources), success code. */
  http?: [method: string, uriPattern: string, code: number];
}

export interface ErrorModel {
  code: string;
  status: number;
}

/** What a protocol needs of a service beyond the shapes. */
export interface ServiceInfo {
  pkg: string;
  version: string;
  /** XML protocols (Query, REST-XML): the namespace of their documents. */
  xmlNamespace?: string;
  /** JSON RPC protocols: the X-Amz-Target prefix before '.Operation'. */
  jsonTarget?: string;
}

/** What a protocol needs beyond the shapes; the clients keep these in their
 *  protocol config (not exported), and they are fixed for a service's API version. */
export const SERVICE_INFO: Record<ServiceName, ServiceInfo> = {
  iam: { pkg: '@aws-sdk/client-iam', xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/', version: '2010-05-08' },
  sts: { pkg: '@aws-sdk/client-sts', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' },
  s3: { pkg: '@aws-sdk/client-s3', xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/', version: '2006-03-01' },
  s3control: { pkg: '@aws-sdk/client-s3-control', xmlNamespace: 'http://awss3control.amazonaws.com/doc/2018-08-20/', version: '2018-08-20' },
  organizations: { pkg: '@aws-sdk/client-organizations', jsonTarget: 'AWSOrganizationsV20161128', version: '2016-11-28' },
};

interface ServiceModel {
  operations: Map<string, OperationModel>;
  /** Keyed by wire code (awsQueryError code, else the shape name) and by shape name. */
  errors: Map<string, ErrorModel>;
  /** Error structures by shape name: JSON protocols write their modelled members. */
  errorSchemas: Map<string, NormalizedSchema>;
}

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/**
 * The schemas of a client. The build extracts each client's schema module
 * into dist/models/SERVICE.cjs (scripts/bundle.mjs): a tenth of the client,
 * loaded in a fraction of the time. Run from the sources, or without a build,
 * the whole client package serves the same schemas.
 */
function clientSchemas(service: ServiceName): Record<string, unknown> {
  // Next to the bundle (dist/gatehouse.cjs), or one level up from dist/protocol/.
  for (const file of [join(here, 'models', `${service}.cjs`), join(here, '..', 'models', `${service}.cjs`)]) {
    if (existsSync(file)) return require(file) as Record<string, unknown>;
  }
  return require(SERVICE_INFO[service].pkg) as Record<string, unknown>;
}
const loaded = new Map<ServiceName, ServiceModel>();

// Static schema tuples as the clients emit them: [kind, namespace, name, traits, ...].
type StaticSchema = [number, string, string, Record<string, unknown> | number, ...unknown[]];
const OPERATION = 9;
const ERROR = -3;

function load(service: ServiceName): ServiceModel {
  const cached = loaded.get(service);
  if (cached) return cached;
  const mod = clientSchemas(service);
  const operations = new Map<string, OperationModel>();
  const errors = new Map<string, ErrorModel>();
  const errorSchemas = new Map<string, NormalizedSchema>();
  for (const [exportName, value] of Object.entries(mod)) {
    if (!exportName.endsWith('$') || !Array.isArray(value)) continue;
    const schema = value as StaticSchema;
    // The SDK's synthetic base exception (IAMServiceException…) is no wire error.
    if (schema[1].startsWith('smithy.ts.sdk.synthetic')) continue;
    const traits = typeof schema[3] === 'object' && schema[3] ? schema[3] : {};
    if (schema[0] === OPERATION) {
      const http = traits.http as OperationModel['http'];
      operations.set(schema[2], {
        service,
        name: schema[2],
        input: NormalizedSchema.of(schema[4] as never),
        output: NormalizedSchema.of(schema[5] as never),
        ...(http ? { http } : {}),
      });
    } else if (schema[0] === ERROR) {
      const query = traits.awsQueryError as [string, number] | undefined;
      const status = query?.[1] ?? (traits.httpError as number | undefined) ?? (traits.error === 'server' ? 500 : 400);
      const model = { code: query?.[0] ?? schema[2], status };
      errors.set(model.code, model);
      if (!errors.has(schema[2])) errors.set(schema[2], model);
      errorSchemas.set(schema[2], NormalizedSchema.of(schema as never));
    }
  }
  const model = { operations, errors, errorSchemas };
  loaded.set(service, model);
  return model;
}

export function getOperation(service: ServiceName, name: string): OperationModel | undefined {
  return load(service).operations.get(name);
}

export function listOperations(service: ServiceName): string[] {
  return [...load(service).operations.keys()].sort();
}

/** The wire code and HTTP status the SDK expects for an error, by code or shape name. */
export function errorShape(service: ServiceName, code: string): ErrorModel | undefined {
  return load(service).errors.get(code);
}

/** An error's structure by shape name (AccessDeniedException…), for protocols that write its members. */
export function errorSchema(service: ServiceName, shapeName: string): NormalizedSchema | undefined {
  return load(service).errorSchemas.get(shapeName);
}
