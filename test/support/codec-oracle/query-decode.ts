/**
 * REFERENCE ONLY (tests): query/decode.ts as it was before its fast paths and
 * compiled plans (commit 86bf94f), the oracle they must agree with.
 *
 * awsQuery request decoding (IAM, STS): flat form parameters such as
 * `Tags.member.1.Key=a` become the operation's typed input, walking the
 * input schema exactly as the SDK's QueryShapeSerializer wrote it.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../../src/core/aws-error.js';
import type { OperationModel } from '../../../src/protocol/models.js';
import { DATE_TIME, readScalar, ScalarParseError } from '../../../src/protocol/scalars.js';

/**
 * Form-encoded body or URL query → parameters. '+' means space (form
 * encoding); a repeated name keeps its first value.
 */
export function parseQueryString(body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

function decodeComponent(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
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

export function decodeQueryInput(op: OperationModel, params: Map<string, string>): Record<string, unknown> {
  if (!op.input.isStructSchema()) return {};
  return readStruct(op.input, buildTree(params), '');
}

function keyOf(ns: NormalizedSchema, fallback: string): string {
  return (ns.getMergedTraits().xmlName as string | undefined) ?? fallback;
}

/** 'member.1', 'member.2'… (or '1', '2'… when flattened) in index order; gaps are skipped. */
function indexed(node: ParamNode): ParamNode[] {
  return [...node.children.entries()]
    .filter(([k]) => /^[1-9]\d*$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => v);
}

function readStruct(ns: NormalizedSchema, node: ParamNode, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Unknown parameters are ignored, as AWS ignores them.
  for (const [name, member] of ns.structIterator()) {
    const child = node.children.get(keyOf(member, name));
    if (!child) continue;
    const value = readValue(member, child, path ? `${path}.${name}` : name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readValue(ns: NormalizedSchema, node: ParamNode, path: string): unknown {
  if (ns.isStructSchema()) return readStruct(ns, node, path);
  const flat = !!ns.getMergedTraits().xmlFlattened;
  if (ns.isListSchema()) {
    // `Tags=` is how the SDK sends an explicitly empty list.
    if (node.value === '' && node.children.size === 0) return [];
    const item = ns.getValueSchema();
    const items = flat ? node : node.children.get(keyOf(item, 'member'));
    return items ? indexed(items).map((n, i) => readValue(item, n, `${path}.${i + 1}`)) : [];
  }
  if (ns.isMapSchema()) {
    const entries = flat ? node : node.children.get('entry');
    const out: Record<string, unknown> = {};
    if (!entries) return out;
    const keyName = keyOf(ns.getKeySchema(), 'key');
    const valueSchema = ns.getValueSchema();
    const valueName = keyOf(valueSchema, 'value');
    for (const entry of indexed(entries)) {
      const key = entry.children.get(keyName)?.value;
      const value = entry.children.get(valueName);
      if (key === undefined || !value) continue;
      Object.defineProperty(out, key, { value: readValue(valueSchema, value, `${path}.${key}`), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.value === undefined) return undefined;
  try {
    return readScalar(ns, node.value, DATE_TIME);
  } catch (e) {
    if (!(e instanceof ScalarParseError)) throw e;
    throw new AwsError('ValidationError', `Invalid value '${e.text}' for parameter ${path}: expected a ${e.kind}.`, 400);
  }
}
