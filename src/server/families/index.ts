/** The wire families by the name route.ts gives a request's Target. */
import type { Family } from '../steps/route.js';
import type { WireFamily } from './family.js';
import { queryFamily } from './query.js';
import { restXmlFamily } from './rest-xml.js';
import { jsonFamily } from './json.js';
import { adminFamily } from './admin.js';

export const FAMILIES: Record<Family, WireFamily> = { query: queryFamily, 'rest-xml': restXmlFamily, json: jsonFamily, admin: adminFamily };

export type { Decoded, WireFamily, WireResponse, OperationFamily, EndpointFamily, BodyLimit } from './family.js';
export { querySigned, queryUnsigned } from './query.js';
export { jsonSigned, jsonUnsigned } from './json.js';
