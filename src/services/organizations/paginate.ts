/**
 * Organizations' NextToken/MaxResults paging, shared by every List* operation. The token is opaque to
 * clients; ours is the offset to resume from, encoded. MaxResults is 1–20 (API Reference: "Valid Range:
 * Minimum value of 1. Maximum value of 20."); without it a page holds 20.
 */
import { invalidInput } from './shared.js';

const DEFAULT_PAGE = 20;

export interface OrgPage<T> { items: T[]; NextToken?: string }

export function paginate<T>(all: T[], input: { NextToken?: string; MaxResults?: number }): OrgPage<T> {
  const max = input.MaxResults ?? DEFAULT_PAGE;
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = /^gho1:(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!decoded) throw invalidInput('INVALID_NEXT_TOKEN', 'The NextToken value is not valid. Get the value for the NextToken parameter from the response to a previous call of the operation.');
    start = Number(decoded[1]);
  }
  const next = start + max;
  return { items: all.slice(start, next), NextToken: next < all.length ? Buffer.from(`gho1:${next}`).toString('base64url') : undefined };
}
