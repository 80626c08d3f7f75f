import { Fragment } from 'react';

/** Parts longer than this may still break inside (rather than overflow a narrow column). */
const UNBREAKABLE = 40;

/** An ARN that may wrap only after a ':' or '/', never inside the account id or a name. */
export function Arn({ value }: { value: string }) {
  const parts = value.split(/(?<=[:/])/);
  return (
    <span className="arn">
      {parts.map((p, i) => <Fragment key={i}>{i > 0 && <wbr />}<span className={p.length <= UNBREAKABLE ? 'arn-part' : undefined}>{p}</span></Fragment>)}
    </span>
  );
}
