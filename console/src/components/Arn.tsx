import { Fragment } from 'react';

/** An ARN that may wrap only after a ':' or '/', never inside the account id or a name. */
export function Arn({ value }: { value: string }) {
  const parts = value.split(/(?<=[:/])/);
  return <span className="arn">{parts.map((p, i) => <Fragment key={i}>{i > 0 && <wbr />}{p}</Fragment>)}</span>;
}
