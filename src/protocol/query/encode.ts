/**
 * awsQuery responses and errors (IAM, STS): the output structure inside
 * <{Op}Response><{Op}Result>, written from the output schema.
 */
import type { AwsError } from '../../core/aws-error.js';
import { SERVICE_INFO, type OperationModel } from '../models.js';
import { DATE_TIME } from '../scalars.js';
import { escapeXml, writeMembers, type XmlStyle } from '../xml/write.js';

// IAM and STS write timestamps as 2006-02-03T16:45:09Z: ISO-8601, whole seconds.
const QUERY_STYLE: XmlStyle = { timestamps: DATE_TIME, millis: false };

interface Envelope { head: string; tail: string; result: boolean }
// The fixed text around each operation's result, built once per operation.
const envelopes = new WeakMap<OperationModel, Envelope>();
function envelopeOf(op: OperationModel): Envelope {
  let e = envelopes.get(op);
  if (!e) {
    const xmlns = SERVICE_INFO[op.service].xmlNamespace!;
    const root = `${op.name}Response`;
    // Operations without output (DeleteUser…) carry only the metadata; a
    // structure output always gets its Result element, even when empty.
    const result = op.output.isStructSchema();
    e = {
      head: `<${root} xmlns="${xmlns}">${result ? `<${op.name}Result>` : ''}`,
      tail: `${result ? `</${op.name}Result>` : ''}<ResponseMetadata><RequestId>`,
      result,
    };
    envelopes.set(op, e);
  }
  return e;
}

export function encodeQueryResponse(op: OperationModel, output: Record<string, unknown>, requestId: string): string {
  const e = envelopeOf(op);
  const members = e.result ? writeMembers(op.output, output ?? {}, QUERY_STYLE) : '';
  return `${e.head}${members}${e.tail}${escapeXml(requestId)}</RequestId></ResponseMetadata></${op.name}Response>`;
}

export function encodeQueryError(service: 'iam' | 'sts', err: AwsError, requestId: string): { status: number; body: string } {
  const xmlns = SERVICE_INFO[service].xmlNamespace!;
  let extra = '';
  for (const [k, v] of Object.entries(err.extra)) extra += `<${k}>${escapeXml(v)}</${k}>`;
  const body =
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${err.fault}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${extra}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: err.status, body };
}
