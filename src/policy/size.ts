/** IAM counts policy size in characters, not counting white space ("IAM and AWS STS quotas"). */
export function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}
