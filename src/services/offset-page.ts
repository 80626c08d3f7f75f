/**
 * Paging by offset, under whatever names a service gives its token: the token is opaque to clients; ours is
 * the offset to resume from, after a service's own prefix, in base64url. A token that isn't one of ours is
 * refused with the service's own error.
 */
export interface OffsetPage<T> { items: T[]; next?: string }

export function pageByOffset<T>(all: T[], token: string | undefined, max: number, prefix: string, badToken: () => Error): OffsetPage<T> {
  let start = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, 'base64url').toString('utf8');
    const offset = text.startsWith(prefix) ? text.slice(prefix.length) : '';
    if (!/^\d+$/.test(offset)) throw badToken();
    start = Number(offset);
  }
  const end = start + max;
  return { items: all.slice(start, end), next: end < all.length ? Buffer.from(`${prefix}${end}`).toString('base64url') : undefined };
}
