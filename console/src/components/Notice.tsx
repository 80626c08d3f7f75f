import { useId, type ReactNode } from 'react';

/** A calm, titled note: for what the identity may not do here (not an error of the user's) and what to do next. */
export function Notice({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="notice" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
