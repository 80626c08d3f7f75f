/**
 * awsJson 1.1 request decoding (Organizations…): `X-Amz-Target: Prefix.Operation`
 * names the operation, the body is its input as JSON, typed by the input schema.
 */
import { AwsError } from '../../core/aws-error.js';
import { getOperation, SERVICE_INFO, type OperationModel, type ServiceName } from '../models.js';
import { EPOCH_SECONDS, parseTimestamp } from '../scalars.js';
import { Kind, membersOf, shapeOf, type JsonShape } from './shapes.js';

/**
 * The operation an X-Amz-Target names. An unknown one is AWS's answer for any
 * awsJson service: UnknownOperationException, 400, no message (the body AWS sends
 * is `{"__type":"UnknownOperationException"}`: https://github.com/aws/aws-sdk-net/issues/1536).
 */
export function operationForTarget(service: ServiceName, target: string | undefined): OperationModel {
  const prefix = SERVICE_INFO[service].jsonTarget;
  const dot = target ? target.lastIndexOf('.') : -1;
  const op = target && dot > 0 && target.slice(0, dot) === prefix ? getOperation(service, target.slice(dot + 1)) : undefined;
  if (!op) throw new AwsError('UnknownOperationException', '', 400);
  return op;
}

const serializationError = (message: string) => new AwsError('SerializationException', message, 400);

/** The body as the operation's typed input. An empty body reads as `{}` (no members). */
export function decodeJsonInput(op: OperationModel, body: string | Buffer): Record<string, unknown> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!op.input.isStructSchema()) return {};
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw serializationError('The request body is not valid JSON.');
  }
  if (!isObject(json)) throw serializationError(`Expected a JSON object as the body of ${op.name}, got ${typeName(json)}.`);
  return readStruct(shapeOf(op.input), json, op.name);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

function mismatch(expected: string, value: unknown, path: string): AwsError {
  return serializationError(`Expected ${expected} for ${path}, got ${typeName(value)}.`);
}

function readStruct(shape: JsonShape, json: Record<string, unknown>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Members the schema doesn't know are ignored, as AWS ignores them; null means absent.
  for (const m of membersOf(shape)) {
    const v = json[m.name];
    if (v === undefined || v === null) continue;
    out[m.name] = readValue(m.shape, v, `${path}.${m.name}`);
  }
  return out;
}

function readValue(shape: JsonShape, v: unknown, path: string): unknown {
  switch (shape.kind) {
    case Kind.Struct:
      if (!isObject(v)) throw mismatch('an object', v, path);
      return readStruct(shape, v, path);
    case Kind.List: {
      if (!Array.isArray(v)) throw mismatch('an array', v, path);
      const item = shape.item!;
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x === null) {
          if (shape.sparse) out.push(null);
          continue;
        }
        out.push(readValue(item, x, `${path}[${i}]`));
      }
      return out;
    }
    case Kind.Map: {
      if (!isObject(v)) throw mismatch('an object', v, path);
      const item = shape.item!;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const x = v[key];
        const value = x === null ? (shape.sparse ? null : undefined) : readValue(item, x, `${path}.${key}`);
        // defineProperty: a key such as "__proto__" stays an own entry.
        if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case Kind.String:
      if (typeof v !== 'string') throw mismatch('a string', v, path);
      return v;
    case Kind.Number:
      if (typeof v !== 'number') throw mismatch('a number', v, path);
      return v;
    case Kind.Boolean:
      if (typeof v !== 'boolean') throw mismatch('a boolean', v, path);
      return v;
    case Kind.Timestamp:
      // awsJson's default timestamp format is epoch seconds, a JSON number (fractions allowed);
      // a member with @timestampFormat date-time or http-date is a string.
      if (shape.tsFormat === EPOCH_SECONDS) {
        if (typeof v !== 'number') throw mismatch('a timestamp in epoch seconds', v, path);
        return new Date(Math.round(v * 1000));
      }
      return readTimestampText(v, shape, path);
    case Kind.Blob:
      if (typeof v !== 'string') throw mismatch('a base64 string', v, path);
      return Buffer.from(v, 'base64');
    default:
      return v;
  }
}

function readTimestampText(v: unknown, shape: JsonShape, path: string): Date {
  const d = typeof v === 'string' ? parseTimestamp(v, shape.tsFormat) : undefined;
  if (!d) throw mismatch('a timestamp string', v, path);
  return d;
}
