import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Identity } from './api';
import { navigate, useLocation } from './router';
import { Header } from './components/Header';
import { SignIn } from './pages/SignIn';
import { SwitchRole } from './pages/SwitchRole';
import { Home } from './pages/Home';
import { Buckets } from './pages/Buckets';
import { Objects } from './pages/Objects';
import { Users, Roles, Policies } from './pages/IamLists';
import { UserDetail, RoleDetail, PolicyDetail } from './pages/IamDetails';
import { TrustGraphPage } from './pages/TrustGraph';
import { Decisions } from './pages/Decisions';
import { OrganizationPage } from './pages/Organization';
import { OrganizationPolicy } from './pages/OrganizationPolicy';

/** AWS's words (IAM User Guide, switching to a role (console)); the server refuses the switch with the same. */
const ROOT_CANNOT_SWITCH = 'You cannot switch roles if you sign in as the AWS account root user.';

export function App() {
  const loc = useLocation();
  const [identity, setIdentity] = useState<Identity | null | undefined>(undefined);
  const main = useRef<HTMLElement>(null);
  const lastPage = useRef('/');
  useEffect(() => { if (loc.path !== '/switchrole' && loc.path !== '/signin') lastPage.current = loc.path + (loc.query.size ? `?${loc.query}` : ''); }, [loc]);

  const refresh = useCallback(async () => {
    try {
      setIdentity(await api<Identity>('me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setIdentity(null);
      else throw e;
    }
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);

  // Each page change moves focus to the page's content, so keyboard and screen-reader users start there.
  useEffect(() => { main.current?.focus(); }, [loc.path]);

  if (identity === undefined) return <main className="loading" aria-busy="true">Loading…</main>;
  if (identity === null) {
    return (
      <SignIn
        query={loc.query}
        account={loc.path.startsWith('/signin/') ? decodeURIComponent(loc.path.slice('/signin/'.length)) : undefined}
        onSignedIn={(who) => {
          setIdentity(who);
          if (loc.path.startsWith('/signin')) navigate('/', true);
        }}
      />
    );
  }

  const onExpired = () => setIdentity(null);
  const page = route(loc.path, loc.query, identity, setIdentity, onExpired, lastPage.current);
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <Header identity={identity} path={loc.path} onChange={setIdentity} onSignedOut={() => { setIdentity(null); navigate('/signin', true); }} />
      <main id="main" ref={main} tabIndex={-1}>{page}</main>
    </>
  );
}

function route(path: string, query: URLSearchParams, identity: Identity, setIdentity: (i: Identity) => void, onExpired: () => void, returnTo: string) {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  const props = { onExpired };
  switch (seg[0]) {
    case undefined: case 'signin': return <Home identity={identity} {...props} />;
    case 'switchrole':
      if (identity.signedIn.type === 'Root') return <><h1>Switch role</h1><p>{ROOT_CANNOT_SWITCH} Sign in as an IAM user to switch roles.</p></>;
      return <SwitchRole query={query} onSwitched={setIdentity} returnTo={returnTo} />;
    case 's3':
      if (seg[1] === 'buckets' && seg[2]) return <Objects bucket={seg[2]} prefix={query.get('prefix') ?? ''} {...props} />;
      return <Buckets {...props} />;
    case 'iam':
      if (seg[1] === 'users' && seg[2]) return <UserDetail name={seg[2]} {...props} />;
      if (seg[1] === 'roles' && seg[2]) return <RoleDetail name={seg[2]} {...props} />;
      if (seg[1] === 'roles') return <Roles {...props} />;
      if (seg[1] === 'policies') return <Policies scope={query.get('scope') ?? 'Local'} {...props} />;
      if (seg[1] === 'policy') return <PolicyDetail arn={query.get('arn') ?? ''} {...props} />;
      return <Users {...props} />;
    case 'trust-graph': return <TrustGraphPage {...props} />;
    case 'decisions': return <Decisions query={query} {...props} />;
    case 'organization':
      if (seg[1] === 'policies' && seg[2]) return <OrganizationPolicy id={seg[2]} {...props} />;
      return <OrganizationPage identity={identity} {...props} />;
    default: return <><h1>Page not found</h1><p>There is no console page at {path}.</p></>;
  }
}
