import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Identity } from '../api';
import { ErrorBox } from '../components/ErrorBox';

type Step = 'credentials' | 'mfa' | 'new-password';

/**
 * Sign-in as AWS's page asks for it: an IAM user (account, user name, password;
 * then an MFA code if the user has a device, a new password if one is due), or
 * an account's root (here with the root's access key, Gatehouse has no e-mail).
 */
export function SignIn({ query, account, onSignedIn }: { query: URLSearchParams; account?: string; onSignedIn: (who: Identity) => void }) {
  const [kind, setKind] = useState<'iam' | 'root'>('iam');
  const [step, setStep] = useState<Step>('credentials');
  const [fields, setFields] = useState({ account: account ?? query.get('account') ?? '', userName: '', password: '', mfaCode: '', newPassword: '', confirmPassword: '', accessKeyId: '', secretAccessKey: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { stepHeading.current?.focus(); }, [step]);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (step === 'new-password' && fields.newPassword !== fields.confirmPassword) {
      setError(new ApiError('PasswordMismatch', 'The new passwords do not match.', 400));
      return;
    }
    setBusy(true);
    try {
      const body = kind === 'root'
        ? { signInType: 'root', accessKeyId: fields.accessKeyId, secretAccessKey: fields.secretAccessKey }
        : { signInType: 'iam', account: fields.account, userName: fields.userName, password: fields.password, mfaCode: fields.mfaCode || undefined, newPassword: step === 'new-password' ? fields.newPassword : undefined };
      const who = await api<Identity>('signin', { method: 'POST', body });
      setError(undefined);
      onSignedIn(who);
    } catch (err) {
      if (err instanceof ApiError && err.extra.mfaRequired) { setStep('mfa'); setError(undefined); }
      else if (err instanceof ApiError && err.extra.passwordResetRequired) { setStep('new-password'); setError(err); }
      else {
        setError(err);
        if (err instanceof ApiError && err.code === 'InvalidCredentials') { setStep('credentials'); setFields((f) => ({ ...f, password: '', mfaCode: '' })); }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <form onSubmit={submit} aria-labelledby="signin-heading" noValidate>
        <h1 id="signin-heading" ref={stepHeading} tabIndex={-1}>
          {step === 'mfa' ? 'Multi-factor authentication' : step === 'new-password' ? 'Change password' : 'Sign in'}
        </h1>
        {step === 'credentials' && (
          <>
            <fieldset className="kind">
              <legend>Sign in as</legend>
              <label><input type="radio" name="kind" value="iam" checked={kind === 'iam'} onChange={() => setKind('iam')} /> IAM user</label>
              <label><input type="radio" name="kind" value="root" checked={kind === 'root'} onChange={() => setKind('root')} /> Root user</label>
            </fieldset>
            {kind === 'iam' ? (
              <>
                <label htmlFor="account">Account ID (12 digits) or account alias</label>
                <input id="account" name="account" autoComplete="organization" required value={fields.account} onChange={set('account')} />
                <label htmlFor="username">IAM user name</label>
                <input id="username" name="username" autoComplete="username" required value={fields.userName} onChange={set('userName')} />
                <label htmlFor="password">Password</label>
                <input id="password" name="password" type="password" autoComplete="current-password" required value={fields.password} onChange={set('password')} />
              </>
            ) : (
              <>
                <p className="muted">Gatehouse's root users sign in with the account's root access key.</p>
                <label htmlFor="accessKeyId">Root access key ID</label>
                <input id="accessKeyId" name="accessKeyId" autoComplete="username" required value={fields.accessKeyId} onChange={set('accessKeyId')} />
                <label htmlFor="secretAccessKey">Secret access key</label>
                <input id="secretAccessKey" name="secretAccessKey" type="password" autoComplete="current-password" required value={fields.secretAccessKey} onChange={set('secretAccessKey')} />
              </>
            )}
          </>
        )}
        {step === 'mfa' && (
          <>
            <p>Your account is protected with multi-factor authentication. Enter the code your MFA device shows now.</p>
            <label htmlFor="mfacode">MFA code</label>
            <input id="mfacode" name="mfacode" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={fields.mfaCode} onChange={set('mfaCode')} />
          </>
        )}
        {step === 'new-password' && (
          <>
            <p>Choose a new password for {fields.userName}.</p>
            <label htmlFor="newPassword">New password</label>
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required value={fields.newPassword} onChange={set('newPassword')} />
            <label htmlFor="confirmPassword">Retype new password</label>
            <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required value={fields.confirmPassword} onChange={set('confirmPassword')} />
          </>
        )}
        <ErrorBox error={error} />
        <button type="submit" id="signin_button" disabled={busy}>
          {step === 'mfa' ? 'Submit' : step === 'new-password' ? 'Confirm password change' : 'Sign in'}
        </button>
        {step !== 'credentials' && <button type="button" className="secondary" onClick={() => { setStep('credentials'); setError(undefined); }}>Cancel</button>}
      </form>
    </main>
  );
}
