/** The pre-compiled form of a policy: matchers built once, reused for every request. */
import type { CompiledCondition } from '../conditions/evaluate-condition.js';
import type { Pattern } from '../match/pattern.js';
import type { PrincipalSpec } from '../match/principal.js';

/** 1-based line and column in the policy text. */
export interface Position {
  line: number;
  column: number;
}

export interface CompiledStatement {
  /** Sid, or "Statement[i]". */
  label: string;
  /** Position in the Statement list (0 for a single statement object). */
  index: number;
  /** Where the statement's `{` and `}` are, for IAM's simulator (StartPosition/EndPosition). */
  start?: Position;
  end?: Position;
  effect: 'Allow' | 'Deny';
  actions?: Pattern[];
  notActions?: Pattern[];
  /** Neither set: the statement has no resource element (trust policies), so any resource. */
  resources?: Pattern[];
  notResources?: Pattern[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  /** All must hold (operators and keys are AND'ed). */
  conditions: CompiledCondition[];
}

export interface CompiledPolicy {
  /** "2012-10-17" or "2008-10-17" (the default when Version is absent). */
  readonly version: string;
  readonly statements: readonly CompiledStatement[];
}
