import { useRef, useState, type FormEvent } from 'react';
import { api, qs } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Link } from '../router';

interface Listing { folders: string[]; objects: Array<{ key: string; size: number; lastModified?: string }>; nextToken?: string }

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);

/** A bucket's objects, one folder level at a time; upload and download as the current identity. */
export function Objects({ bucket, prefix, onExpired }: { bucket: string; prefix: string; onExpired: () => void }) {
  const { data, error, loading, reload } = useLoad<Listing>(`s3/objects?${qs({ bucket, prefix })}`, onExpired);
  const [uploadError, setUploadError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const file = useRef<HTMLInputElement>(null);
  const base = `/s3/buckets/${encodeURIComponent(bucket)}`;
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) return;
    try {
      await api(`s3/object?${qs({ bucket, key: prefix + f.name })}`, { method: 'PUT', raw: f, contentType: f.type });
      setStatus(`Uploaded ${prefix}${f.name}.`); setUploadError(undefined);
      if (file.current) file.current.value = '';
      void reload();
    } catch (err) {
      setUploadError(err); setStatus(undefined);
    }
  };
  const crumbs = prefix.split('/').filter(Boolean);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li><Link to="/s3">Buckets</Link></li>
          <li><Link to={base}>{bucket}</Link></li>
          {crumbs.map((c, i) => <li key={i}><Link to={`${base}?${qs({ prefix: crumbs.slice(0, i + 1).join('/') + '/' })}`}>{c}</Link></li>)}
        </ol>
      </nav>
      <h1>{bucket}{prefix ? ` / ${prefix}` : ''}</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} title="You can't list this bucket's objects as this identity." />
      {data && (
        data.folders.length + data.objects.length === 0 ? <p>No objects.</p> : (
          <table>
            <caption className="visually-hidden">Objects</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Last modified</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {data.folders.map((f) => (
                <tr key={f}><td><Link to={`${base}?${qs({ prefix: f })}`}>{f.slice(prefix.length)}</Link></td><td>Folder</td><td /><td /></tr>
              ))}
              {data.objects.map((o) => (
                <tr key={o.key}>
                  <td>{o.key.slice(prefix.length)}</td><td>{size(o.size)}</td><td>{o.lastModified ? new Date(o.lastModified).toLocaleString() : ''}</td>
                  <td><a href={`/console/api/s3/object?${qs({ bucket, key: o.key })}`} download aria-label={`Download ${o.key}`}>Download</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {data?.nextToken && <p className="muted">More objects exist than are shown; narrow down with a folder.</p>}
      <section aria-labelledby="upload-heading" className="panel">
        <h2 id="upload-heading">Upload</h2>
        <form onSubmit={upload} className="inline">
          <label htmlFor="upload-file">File</label>
          <input id="upload-file" type="file" ref={file} required />
          <button type="submit">Upload</button>
        </form>
        <ErrorBox error={uploadError} title="The file was not uploaded." />
        {status && <p role="status" className="success">{status}</p>}
      </section>
    </>
  );
}
