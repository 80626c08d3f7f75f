/**
 * REFERENCE ONLY (tests): query/encode.ts as it was before its per-operation
 * envelopes (commit 86bf94f), the oracle they must match byte for byte.
 *
 * awsQuery responses and errors (IAM, STS): the output structure inside
 * <{Op}Response><{Op}Result>, written from the output schema.
 */
import type { AwsError } from '../../../src/core/aws-error.js';
import { SERVICE_INFO, type OperationModel } from '../../../src/protocol/models.js';
import { DATE_TIME } from '../../../src/protocol/scalars.js';
import { escapeXml, writeMembers, type XmlStyle } from './xml-write.js';

// IAM and STS write timestamps as 2006-02-03T16:45:09Z: ISO-8601, whole seconds.
const QUERY_STYLE: XmlStyle = { timestamps: DATE_TIME, millis: false };

const metadata = (requestId: string) => `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`;

export function encodeQueryResponse(op: OperationModel, output: Record<string, unknown>, requestId: string): string {
  const xmlns = SERVICE_INFO[op.service].xmlNamespace;
  const root = `${op.name}Response`;
  // Operations without output (DeleteUser…) carry only the metadata; a
  // structure output always gets its Result element, even when empty.
  const result = op.output.isStructSchema()
    ? `<${op.name}Result>${writeMembers(op.output, output ?? {}, QUERY_STYLE)}</${op.name}Result>`
    : '';
  return `<${root} xmlns="${xmlns}">${result}${metadata(requestId)}</${root}>`;
}

export function encodeQueryError(service: 'iam' | 'sts', err: AwsError, requestId: string): { status: number; body: string } {
  const xmlns = SERVICE_INFO[service].xmlNamespace;
  let extra = '';
  for (const [k, v] of Object.entries(err.extra)) extra += `<${k}>${escapeXml(v)}</${k}>`;
  const body =
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${err.fault}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${extra}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: err.status, body };
}
