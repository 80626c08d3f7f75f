import { ApiError } from '../api';

/** AWS's error as AWS gave it: code and message, announced to screen readers. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      {title && <p className="error-title">{title}</p>}
      <p><strong className="error-code">{code}</strong>{message ? <>: <span className="error-message">{message}</span></> : null}</p>
    </div>
  );
}
