/**
 * On Node 20 every AWS SDK client prints a 9-line "will require node >=22" warning once per process:
 * demo, assume and explain --endpoint would carry it on every run, and the server log once per process.
 * It is not news to their users, so the command switches it off for itself (the SDK's own variable)
 * and takes the switch out of what it passes to the user's programs, which keep their warning.
 */
const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let switchedHere = false;

/** Before any SDK client is made: the SDK reads the variable when its first client is constructed. */
export function silenceSdkNodeWarning(): void {
  if (process.env[SWITCH] !== undefined) return;
  process.env[SWITCH] = 'true';
  switchedHere = true;
}

/** An environment for a user's command: the variable as the user had it (absent when we set it). */
export function withoutOurSdkSwitch(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!switchedHere) return env;
  const { [SWITCH]: _ours, ...rest } = env;
  return rest;
}
