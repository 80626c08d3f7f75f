/**
 * Organizations' NextToken/MaxResults paging, shared by every List* operation (offset tokens:
 * ../offset-page.ts). MaxResults is 1–20 (API Reference: "Valid Range: Minimum value of 1. Maximum value
 * of 20."); without it a page holds 20.
 */
import { pageByOffset } from '../offset-page.js';
import { invalidInput } from './shared.js';

const DEFAULT_PAGE = 20;

export interface OrgPage<T> { items: T[]; NextToken?: string }

export function paginate<T>(all: T[], input: { NextToken?: string; MaxResults?: number }): OrgPage<T> {
  const { items, next } = pageByOffset(all, input.NextToken, input.MaxResults ?? DEFAULT_PAGE, 'gho1:', () =>
    invalidInput('INVALID_NEXT_TOKEN', 'The NextToken value is not valid. Get the value for the NextToken parameter from the response to a previous call of the operation.'));
  return { items, NextToken: next };
}
