/** compilePolicy: validated JSON text → CompiledPolicy. */
import { compileCondition, type CompiledCondition } from '../conditions/evaluate-condition.js';
import { compileAction } from '../match/action.js';
import { compilePattern } from '../match/pattern.js';
import { compilePrincipal } from '../match/principal.js';
import { statementSpans } from '../parse/spans.js';
import type { CompiledPolicy, CompiledStatement } from './compiled.js';

type Json = Record<string, unknown>;

/** Policy elements take a single value or an array; condition values may be JSON numbers or booleans. */
export const asList = (v: unknown): string[] => (v === undefined ? [] : ([] as unknown[]).concat(v).map(String));

export function compilePolicy(text: string): CompiledPolicy {
  const doc = JSON.parse(text) as Json;
  const version = typeof doc.Version === 'string' ? doc.Version : '2008-10-17';
  // Variables exist only in the 2012-10-17 language ("Variables and tags", note).
  const variables = version === '2012-10-17';
  const raw = ([] as unknown[]).concat(doc.Statement ?? []) as Json[];
  const spans = statementSpans(text);
  return { version, statements: raw.map((s, i) => ({ ...compileStatement(s, i, variables), ...spans[i] })) };
}

function compileStatement(s: Json, index: number, variables: boolean): CompiledStatement {
  const resource = (v: unknown) => asList(v).map((r) => compilePattern(r, { wildcards: true, variables }));
  const action = (v: unknown) => asList(v).map(compileAction);
  return {
    label: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `Statement[${index}]`,
    index,
    effect: /^deny$/i.test(String(s.Effect)) ? 'Deny' : 'Allow', // validation accepts either case
    actions: 'Action' in s ? action(s.Action) : undefined,
    notActions: 'NotAction' in s ? action(s.NotAction) : undefined,
    resources: 'Resource' in s ? resource(s.Resource) : undefined,
    notResources: 'NotResource' in s ? resource(s.NotResource) : undefined,
    principal: 'Principal' in s ? compilePrincipal(s.Principal) : undefined,
    notPrincipal: 'NotPrincipal' in s ? compilePrincipal(s.NotPrincipal) : undefined,
    conditions: compileConditions(s.Condition, variables),
  };
}

function compileConditions(block: unknown, variables: boolean): CompiledCondition[] {
  if (!block || typeof block !== 'object') return [];
  const out: CompiledCondition[] = [];
  for (const [operator, keys] of Object.entries(block as Json)) {
    for (const [key, values] of Object.entries((keys ?? {}) as Json)) {
      out.push(compileCondition(operator, key, asList(values), variables));
    }
  }
  return out;
}
