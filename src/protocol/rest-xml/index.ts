export { routeS3, type HttpIn, type S3Route } from './route.js';
export { decodeRestXmlInput } from './decode.js';
export { encodeRestXmlResponse, encodeRestXmlError, type HttpOut } from './encode.js';
export { routeS3Control, isControlRequest } from './control-route.js';
