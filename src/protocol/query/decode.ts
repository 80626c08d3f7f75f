/**
 * awsQuery request decoding (IAM, STS): flat form parameters such as
 * `Tags.member.1.Key=a` become the operation's typed input, walking the
 * input schema exactly as the SDK's QueryShapeSerializer wrote it.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../core/aws-error.js';
import type { OperationModel } from '../models.js';
import { DATE_TIME, readScalarOf, ScalarParseError, scalarKind, timestampFormat, type ScalarKind, type TimestampFormat } from '../scalars.js';

/**
 * Form-encoded body or URL query → parameters. '+' means space (form
 * encoding); a repeated name keeps its first value.
 */
export function parseQueryString(body: string): Map<string, string> {
  const params = new Map<string, string>();
  // The next '=' at or after the current pair; found again only once passed, so names without one stay linear.
  let eq = -1;
  for (let start = 0; start < body.length;) {
    let end = body.indexOf('&', start);
    if (end < 0) end = body.length;
    if (end > start) {
      if (eq < start) {
        eq = body.indexOf('=', start);
        if (eq < 0) eq = body.length;
      }
      const name = decodeComponent(eq < end ? body.slice(start, eq) : body.slice(start, end));
      const value = eq < end ? decodeComponent(body.slice(eq + 1, end)) : '';
      if (!params.has(name)) params.set(name, value);
    }
    start = end + 1;
  }
  return params;
}

/** Most names and values (Action=GetCallerIdentity) are plain text: no '+', no '%'. */
function decodeComponent(s: string): string {
  const spaced = s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
  if (spaced.indexOf('%') < 0) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new AwsError('MalformedQueryString', `The query string contains an invalid percent-encoding: ${s}`, 400);
  }
}

/** Parameters as a tree keyed by their dotted path segments. */
interface ParamNode {
  value?: string;
  children: Map<string, ParamNode>;
}

function buildTree(params: Map<string, string>): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [name, value] of params) {
    let node = root;
    for (const segment of name.split('.')) {
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = { children: new Map() }));
      node = next;
    }
    node.value = value;
  }
  return root;
}

const STRUCT = 0, LIST = 1, MAP = 2, SCALAR = 3;

/** What the decoder needs of a (member) schema, worked out once per schema. */
interface InShape {
  kind: typeof STRUCT | typeof LIST | typeof MAP | typeof SCALAR;
  schema: NormalizedSchema;
  flat: boolean;
  scalar: ScalarKind;
  tsFormat: TimestampFormat;
  /** Lists: the item schema and, unless flattened, the name of its segment ('member'). */
  item?: InShape;
  itemKey: string;
  /** Maps: the value schema and the segment names of key and value. */
  value?: InShape;
  keyName: string;
  valueName: string;
}
interface InMember { name: string; key: string; shape: InShape }

const keyOf = (ns: NormalizedSchema, fallback: string): string => (ns.getMergedTraits().xmlName as string | undefined) ?? fallback;

const shapes = new WeakMap<NormalizedSchema, InShape>();
function shapeOf(ns: NormalizedSchema): InShape {
  let shape = shapes.get(ns);
  if (shape) return shape;
  shape = { kind: SCALAR, schema: ns, flat: !!ns.getMergedTraits().xmlFlattened, scalar: 'other', tsFormat: DATE_TIME, itemKey: 'member', keyName: 'key', valueName: 'value' };
  shapes.set(ns, shape);
  if (ns.isStructSchema()) shape.kind = STRUCT;
  else if (ns.isListSchema()) {
    shape.kind = LIST;
    const item = ns.getValueSchema();
    shape.item = shapeOf(item);
    shape.itemKey = keyOf(item, 'member');
  } else if (ns.isMapSchema()) {
    shape.kind = MAP;
    const value = ns.getValueSchema();
    shape.value = shapeOf(value);
    shape.keyName = keyOf(ns.getKeySchema(), 'key');
    shape.valueName = keyOf(value, 'value');
  } else {
    shape.scalar = scalarKind(ns);
    shape.tsFormat = timestampFormat(ns, DATE_TIME);
  }
  return shape;
}

// Keyed by the structure's schema: the members don't depend on the member pointing at it.
const structs = new WeakMap<object, InMember[]>();
function membersOf(ns: NormalizedSchema): InMember[] {
  const key = ns.getSchema() as object;
  let members = structs.get(key);
  if (!members) {
    members = [];
    for (const [name, member] of ns.structIterator()) members.push({ name, key: keyOf(member, name), shape: shapeOf(member) });
    structs.set(key, members);
  }
  return members;
}

export function decodeQueryInput(op: OperationModel, params: Map<string, string>): Record<string, unknown> {
  if (!op.input.isStructSchema()) return {};
  const members = membersOf(op.input);
  for (const name of params.keys()) if (name.includes('.')) return readStruct(members, buildTree(params), '');
  return readFlat(members, params);
}

/**
 * No dotted names: every parameter is a leaf of the root, as buildTree would make it. A
 * structure, list or map member sent bare (`Tags=`) has no entries, so it reads as empty.
 */
function readFlat(members: InMember[], params: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const text = params.get(m.key);
    if (text === undefined) continue;
    const kind = m.shape.kind;
    out[m.name] = kind === STRUCT || kind === MAP ? {} : kind === LIST ? [] : readScalarAt(m.shape, text, m.name);
  }
  return out;
}

/** 'member.1', 'member.2'… (or '1', '2'… when flattened) in index order; gaps are skipped. */
function indexed(node: ParamNode): ParamNode[] {
  return [...node.children.entries()]
    .filter(([k]) => /^[1-9]\d*$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => v);
}

function readStruct(members: InMember[], node: ParamNode, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Unknown parameters are ignored, as AWS ignores them.
  for (const m of members) {
    const child = node.children.get(m.key);
    if (!child) continue;
    const value = readValue(m.shape, child, path ? `${path}.${m.name}` : m.name);
    if (value !== undefined) out[m.name] = value;
  }
  return out;
}

function readValue(shape: InShape, node: ParamNode, path: string): unknown {
  if (shape.kind === STRUCT) return readStruct(membersOf(shape.schema), node, path);
  if (shape.kind === LIST) {
    // `Tags=` is how the SDK sends an explicitly empty list.
    if (node.value === '' && node.children.size === 0) return [];
    const item = shape.item!;
    const items = shape.flat ? node : node.children.get(shape.itemKey);
    return items ? indexed(items).map((n, i) => readValue(item, n, `${path}.${i + 1}`)) : [];
  }
  if (shape.kind === MAP) {
    const entries = shape.flat ? node : node.children.get('entry');
    const out: Record<string, unknown> = {};
    if (!entries) return out;
    const valueShape = shape.value!;
    for (const entry of indexed(entries)) {
      const key = entry.children.get(shape.keyName)?.value;
      const value = entry.children.get(shape.valueName);
      if (key === undefined || !value) continue;
      Object.defineProperty(out, key, { value: readValue(valueShape, value, `${path}.${key}`), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.value === undefined) return undefined;
  return readScalarAt(shape, node.value, path);
}

function readScalarAt(shape: InShape, text: string, path: string): unknown {
  if (shape.scalar === 'string') return text;
  try {
    return readScalarOf(shape.scalar, shape.tsFormat, text);
  } catch (e) {
    if (!(e instanceof ScalarParseError)) throw e;
    throw new AwsError('ValidationError', `Invalid value '${e.text}' for parameter ${path}: expected a ${e.kind}.`, 400);
  }
}
