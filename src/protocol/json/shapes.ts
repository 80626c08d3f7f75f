/**
 * What the JSON codec needs of a schema, worked out once per schema: the
 * request and response paths walk these plans instead of asking the
 * NormalizedSchema the same questions on every value.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { EPOCH_SECONDS, timestampFormat, type TimestampFormat } from '../scalars.js';

export enum Kind { Struct, List, Map, String, Number, Boolean, Timestamp, Blob, Document }

export interface JsonShape {
  kind: Kind;
  schema: NormalizedSchema;
  /** Lists and maps: the item (value) shape. */
  item?: JsonShape;
  /** Lists and maps: null entries are kept (@sparse) rather than dropped. */
  sparse: boolean;
  /** Timestamps: awsJson writes epoch seconds unless the member says otherwise (@timestampFormat). */
  tsFormat: TimestampFormat;
}

export interface JsonMember {
  /** The member's name, both in the JSON object and in the typed value (awsJson has no @jsonName). */
  name: string;
  shape: JsonShape;
}

function kindOf(ns: NormalizedSchema): Kind {
  if (ns.isStructSchema()) return Kind.Struct;
  if (ns.isListSchema()) return Kind.List;
  if (ns.isMapSchema()) return Kind.Map;
  if (ns.isTimestampSchema()) return Kind.Timestamp;
  if (ns.isBlobSchema()) return Kind.Blob;
  if (ns.isBooleanSchema()) return Kind.Boolean;
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return Kind.Number;
  if (ns.isStringSchema()) return Kind.String;
  return Kind.Document;
}

const shapes = new WeakMap<NormalizedSchema, JsonShape>();
export function shapeOf(ns: NormalizedSchema): JsonShape {
  let shape = shapes.get(ns);
  if (shape) return shape;
  shape = { kind: kindOf(ns), schema: ns, sparse: !!ns.getMergedTraits().sparse, tsFormat: timestampFormat(ns, EPOCH_SECONDS) };
  shapes.set(ns, shape);
  if (shape.kind === Kind.List || shape.kind === Kind.Map) shape.item = shapeOf(ns.getValueSchema());
  return shape;
}

// Keyed by the structure's own schema: its members don't depend on the member pointing at it.
const structs = new WeakMap<object, JsonMember[]>();
export function membersOf(shape: JsonShape): JsonMember[] {
  const key = shape.schema.getSchema() as object;
  let members = structs.get(key);
  if (!members) {
    members = [];
    for (const [name, member] of shape.schema.structIterator()) members.push({ name, shape: shapeOf(member) });
    structs.set(key, members);
  }
  return members;
}
