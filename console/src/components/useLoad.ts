import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api';

/** Loads one console API answer; a 401 (session gone) signs the page out, any other error is kept to be shown. */
export function useLoad<T>(path: string, onExpired: () => void) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api<T>(path));
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && e.code === 'NotSignedIn') onExpired();
      setData(undefined);
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [path, onExpired]);
  useEffect(() => { void reload(); }, [reload]);
  return { data, error, loading, reload };
}
