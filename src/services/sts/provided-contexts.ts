/**
 * AssumeRole's ProvidedContexts (trusted identity propagation): context
 * assertions that IAM Identity Center obtains for a user, signed and
 * encrypted by AWS STS, for ProviderArn
 * arn:aws:iam::aws:contextProvider/IdentityCenter. The role's trust policy
 * must allow sts:SetContext. Gatehouse runs no Identity Center and so holds
 * no key that could have sealed such an assertion: after the shapes (STS API
 * Reference, ProvidedContext: ProviderArn 20–2048, ContextAssertion 4–2048
 * characters, at most 5 contexts) and the trust policy are checked, every
 * assertion is refused as AWS refuses one it cannot verify, with
 * InvalidContextAssertion ("malformed, has expired, or does not match a
 * trusted context provider").
 */
import { AwsError } from '../../core/aws-error.js';

export const IDENTITY_CENTER_PROVIDER = 'arn:aws:iam::aws:contextProvider/IdentityCenter';
const MAX_CONTEXTS = 5;

interface ProvidedContext { ProviderArn?: string; ContextAssertion?: string }

function lengthProblem(value: unknown, at: string, min: number, max: number): string | undefined {
  if (value === undefined) return undefined;
  const v = String(value);
  if (v.length < min) return `Value '${v}' at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`;
  if (v.length > max) return `Value '${v.slice(0, 256)}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
  return undefined;
}

/** The parameter's shapes; returns whether any context was passed. */
export function checkProvidedContexts(value: unknown): boolean {
  if (value === undefined) return false;
  const contexts = value as ProvidedContext[];
  const problems: string[] = [];
  if (contexts.length > MAX_CONTEXTS)
    problems.push(`Value '[…]' at 'providedContexts' failed to satisfy constraint: Member must have length less than or equal to ${MAX_CONTEXTS}`);
  contexts.forEach((c, n) => {
    const p = lengthProblem(c.ProviderArn, `providedContexts.${n + 1}.member.providerArn`, 20, 2048);
    const a = lengthProblem(c.ContextAssertion, `providedContexts.${n + 1}.member.contextAssertion`, 4, 2048);
    if (p) problems.push(p);
    if (a) problems.push(a);
  });
  if (problems.length > 0)
    throw new AwsError('ValidationError', `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`, 400);
  return contexts.length > 0;
}

/** After the trust policy allowed sts:SetContext: no assertion verifies here (see above). */
export function refuseContextAssertions(value: unknown): never {
  const contexts = value as ProvidedContext[];
  const unknown = contexts.find((c) => c.ProviderArn !== IDENTITY_CENTER_PROVIDER);
  if (unknown) throw new AwsError('InvalidContextAssertion', `The context provider ${unknown.ProviderArn ?? '(none)'} is not a trusted context provider.`, 400);
  throw new AwsError('InvalidContextAssertion', 'The provided context assertion is invalid: it could not be verified as one issued for IAM Identity Center (Gatehouse runs no Identity Center).', 400);
}
