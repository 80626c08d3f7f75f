export { operationForTarget, decodeJsonInput } from './decode.js';
export { encodeJsonResponse, encodeJsonError, JSON_CONTENT_TYPE, type JsonErrorResponse } from './encode.js';
