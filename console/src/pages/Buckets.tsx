import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Link } from '../router';

interface BucketList { buckets: Array<{ name: string; creationDate?: string }> }

/** whenDenied: what to show instead of the error box when AWS denies the listing (the home page's calm notice). */
export function BucketTable({ onExpired, heading = 'h1', whenDenied }: { onExpired: () => void; heading?: 'h1' | 'h2'; whenDenied?: (e: ApiError) => ReactNode }) {
  const { data, error, loading } = useLoad<BucketList>('s3/buckets', onExpired);
  const H = heading;
  const denied = whenDenied && error instanceof ApiError && error.code === 'AccessDenied' ? error : undefined;
  return (
    <section aria-labelledby="buckets-heading">
      <H id="buckets-heading">Buckets</H>
      <Loading loading={loading} />
      {denied ? whenDenied!(denied) : <ErrorBox error={error} title="You can't list buckets as this identity." />}
      {data && (data.buckets.length === 0 ? <p>No buckets.</p> : (
        <table>
          <caption className="visually-hidden">Buckets</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Created</th></tr></thead>
          <tbody>
            {data.buckets.map((b) => (
              <tr key={b.name}><td><Link to={`/s3/buckets/${encodeURIComponent(b.name)}`}>{b.name}</Link></td><td>{b.creationDate ? new Date(b.creationDate).toLocaleString() : ''}</td></tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

/** S3: the buckets this identity may list, and creating one (denied with AWS's message when not allowed). */
export function Buckets({ onExpired, heading = 'h1', whenDenied }: { onExpired: () => void; heading?: 'h1' | 'h2'; whenDenied?: (e: ApiError) => ReactNode }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<string>();
  const [version, setVersion] = useState(0);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('s3/buckets', { method: 'POST', body: { name } });
      setCreated(name); setError(undefined); setName(''); setVersion((v) => v + 1);
    } catch (err) {
      setError(err); setCreated(undefined);
    }
  };
  return (
    <>
      <BucketTable key={version} onExpired={onExpired} heading={heading} whenDenied={whenDenied} />
      <section aria-labelledby="create-heading" className="panel">
        <h2 id="create-heading">Create bucket</h2>
        <form onSubmit={create} className="inline">
          <label htmlFor="bucket-name">Bucket name</label>
          <input id="bucket-name" name="bucketName" required value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit">Create bucket</button>
        </form>
        <ErrorBox error={error} title="The bucket was not created." />
        {created && <p role="status" className="success">Bucket {created} created.</p>}
      </section>
    </>
  );
}
