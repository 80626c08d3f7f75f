/** A small router over the History API: every console page has its own URL under /console/. */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const BASE = '/console';

export interface Location { path: string; query: URLSearchParams }

function current(): Location {
  const p = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return { path: p === '' ? '/' : p, query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event('console:navigate'));
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    window.addEventListener('popstate', update);
    window.addEventListener('console:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('console:navigate', update);
    };
  }, []);
  return loc;
}

/** A link that navigates inside the app (and still works with a middle click or a new tab). */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={`${BASE}${to}`} onClick={onClick} {...rest} />;
}
