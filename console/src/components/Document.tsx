/** A policy document, pretty-printed, in a scrollable region that keyboard users can reach. */
export function Document({ text, label }: { text: string | undefined; label: string }) {
  if (text === undefined) return null;
  return <pre className="document" tabIndex={0} aria-label={label}><code>{text}</code></pre>;
}

export function Loading({ loading }: { loading: boolean }) {
  return loading ? <p className="muted" aria-live="polite">Loading…</p> : null;
}
