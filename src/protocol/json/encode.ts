/**
 * awsJson 1.1 responses and errors: the output structure as a JSON object
 * written from the output schema; an error as `{"__type": Code, "Message": …}`
 * plus its modelled members, with the status its schema declares.
 */
import type { AwsError } from '../../core/aws-error.js';
import { errorSchema, errorShape, type OperationModel, type ServiceName } from '../models.js';
import { formatTimestamp, toDate, EPOCH_SECONDS } from '../scalars.js';
import { Kind, membersOf, shapeOf, type JsonShape } from './shapes.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The response body. Operations without output answer `{}`, as AWS does. */
export function encodeJsonResponse(op: OperationModel, output: Record<string, unknown> | undefined): string {
  if (!op.output.isStructSchema() || !output) return '{}';
  return JSON.stringify(writeStruct(shapeOf(op.output), output));
}

export interface JsonErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The error as AWS's awsJson services send it. A modelled error (by shape name)
 * takes its status from its @httpError and writes the members it models from
 * `err.extra` (ConstraintViolationException's Reason…); the SDKs read the code
 * from `__type` or the x-amzn-ErrorType header.
 */
export function encodeJsonError(service: ServiceName, err: AwsError): JsonErrorResponse {
  const schema = errorSchema(service, err.code);
  const body: Record<string, unknown> = { __type: err.code };
  let messageKey = 'message';
  if (schema) {
    for (const m of membersOf(shapeOf(schema))) {
      if (m.name.toLowerCase() === 'message') messageKey = m.name;
      else if (err.extra[m.name] !== undefined) body[m.name] = writeValue(m.shape, err.extra[m.name]);
    }
  }
  if (err.message) body[messageKey] = err.message;
  return {
    status: errorShape(service, err.code)?.status ?? err.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': err.code },
    body: JSON.stringify(body),
  };
}

type Obj = Record<string, unknown>;

function writeStruct(shape: JsonShape, value: Obj): Obj {
  const out: Obj = {};
  for (const m of membersOf(shape)) {
    const v = value[m.name];
    if (v === undefined || v === null) continue;
    out[m.name] = writeValue(m.shape, v);
  }
  return out;
}

function writeValue(shape: JsonShape, v: unknown): unknown {
  switch (shape.kind) {
    case Kind.Struct:
      return writeStruct(shape, v as Obj);
    case Kind.List: {
      const item = shape.item!;
      const out: unknown[] = [];
      for (const x of v as unknown[]) {
        if (x === undefined || x === null) {
          if (shape.sparse) out.push(null);
        } else out.push(writeValue(item, x));
      }
      return out;
    }
    case Kind.Map: {
      const item = shape.item!;
      const out: Obj = {};
      for (const [k, x] of Object.entries(v as Obj)) {
        const value = x === undefined || x === null ? (shape.sparse ? null : undefined) : writeValue(item, x);
        if (value !== undefined) Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case Kind.Timestamp: {
      if (shape.tsFormat !== EPOCH_SECONDS) return formatTimestamp(v, shape.tsFormat, false);
      const d = toDate(v);
      return d ? d.getTime() / 1000 : v;
    }
    case Kind.Blob:
      return typeof v === 'string' ? Buffer.from(v).toString('base64') : Buffer.from(v as Uint8Array).toString('base64');
    default:
      return v;
  }
}
