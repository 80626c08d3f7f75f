/**
 * The IAM policy language: validate, compile, evaluate, explain. Pure (no
 * I/O); imports only src/core. See DESIGN.md "src/policy/".
 */
export type {
  AttachedPolicy,
  AuthzRequest,
  CompiledPolicy,
  ContextValue,
  Decision,
  Diagnostic,
  OrgPlace,
  PolicyKind,
  PolicySet,
  PolicyType,
  Position,
  PrincipalInfo,
  RequestContext,
  TraceEntry,
} from './types.js';
export { validate, validatePolicy } from './validate/validate.js';
export { policySize } from './size.js';
export { compilePolicy } from './compile/compile.js';
export { evaluate } from './evaluate/evaluate.js';
export { denialMessage } from './explain/denial-message.js';
export { missingContextKeys } from './explain/missing-keys.js';
export { decidingSide, principalLabel } from './explain/deciding-side.js';
export { isRoleTrustRequest, resourceAccountOf } from './evaluate/request.js';
