/** What AWS answered when it refused a part of a page. */
export type AwsErr = { code: string; message: string };
/** A part of a page: its value, or AWS's refusal of it. */
export type Part<T> = { value?: T; error?: AwsErr };

/** A refused part shows AWS's refusal where its content would be. */
export function PartError({ error, title }: { error?: AwsErr; title?: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      {title && <p className="error-title">{title}</p>}
      <p><strong className="error-code">{error.code}</strong>: <span className="error-message">{error.message}</span></p>
    </div>
  );
}
