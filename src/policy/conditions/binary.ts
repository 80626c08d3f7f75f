/** BinaryEquals: byte-for-byte comparison of base64 values ("Condition operators" › Binary). */
import { defineOperators } from './operator.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const binaryOperators = defineOperators({ BinaryEquals: {} }, { variables: false }, (_name, raw) => {
  if (!BASE64.test(raw) || raw.length % 4 !== 0) return `${JSON.stringify(raw)} is not base64`;
  const want = Buffer.from(raw, 'base64');
  return (v) => Buffer.from(v, 'base64').equals(want);
});
