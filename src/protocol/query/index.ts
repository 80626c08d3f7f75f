export { parseQueryString, decodeQueryInput } from './decode.js';
export { encodeQueryResponse, encodeQueryError } from './encode.js';
