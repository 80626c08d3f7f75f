/**
 * Where a command finds its server and credentials, the same way for every command:
 * --endpoint/--profile, then --data-dir, then AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE/AWS_PROFILE
 * when set, then ./.gatehouse (then ~/.aws, for `assume`, as the AWS CLI would). What cannot be found
 * is a TargetError: one line saying what was looked for and how to point at it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseIni } from 'ini';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from '../server/start.js';

export const DEFAULT_ENDPOINT = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
export const DEFAULT_REGION = 'us-east-1';

/** What the command line says about where to go. */
export interface TargetOptions {
  endpoint?: string;
  profile?: string;
  dataDir?: string;
  /** After ./.gatehouse, look in ~/.aws as the AWS CLI would (`assume`). */
  homeFallback?: boolean;
}

/** Where this command is, for tests; the process's own by default. */
export interface Surroundings { env: NodeJS.ProcessEnv; cwd: string; home: string }
const here = (): Surroundings => ({ env: process.env, cwd: process.cwd(), home: homedir() });

export interface ProfileFiles {
  configFile: string;
  credentialsFile: string;
  /** The Gatehouse data dir these files belong to (it holds gatehouse.db), if they belong to one. */
  dataDir?: string;
  /** How they were chosen: '--data-dir', 'environment', './.gatehouse' or '~/.aws'. */
  chosenBy: string;
}

export interface Credentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** One profile of the two files: the config file's settings with the credentials file's over them. */
export interface Profile {
  name: string;
  settings: Record<string, string>;
  credentials?: Credentials;
  endpoint?: string;
  region?: string;
}

/** The chosen files, profile, its credentials, and the server and region to send them to. */
export interface Target extends ProfileFiles {
  profile: string;
  credentials: Credentials;
  endpoint: string;
  region: string;
}

/** Something the command could not find; the message is one line, for `gatehouse VERB: message`. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

const POINT_AT = 'start the server here, or pass --data-dir DIR, or export AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as `npm start` prints';

function inDir(dir: string, chosenBy: string): ProfileFiles {
  return { configFile: join(dir, 'aws', 'config'), credentialsFile: join(dir, 'aws', 'credentials'), dataDir: dataDirOf(dir), chosenBy };
}

/** dir when it is a Gatehouse data dir. */
function dataDirOf(dir: string): string | undefined {
  return existsSync(join(dir, 'gatehouse.db')) ? dir : undefined;
}

/** The config and credentials files a command reads, by the order above. */
export function findProfileFiles(opts: TargetOptions = {}, at: Surroundings = here()): ProfileFiles {
  const { env, cwd, home } = at;
  if (opts.dataDir !== undefined) {
    const dir = resolve(cwd, opts.dataDir);
    const files = inDir(dir, '--data-dir');
    if (!existsSync(files.credentialsFile)) {
      throw new TargetError(`no Gatehouse profiles in ${files.credentialsFile}: is ${opts.dataDir} the server's data dir? (\`gatehouse serve --data-dir ${opts.dataDir}\` writes them)`);
    }
    return files;
  }
  if (env.AWS_CONFIG_FILE || env.AWS_SHARED_CREDENTIALS_FILE) {
    const configFile = resolve(cwd, env.AWS_CONFIG_FILE || join(home, '.aws', 'config'));
    const credentialsFile = resolve(cwd, env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'));
    if (!existsSync(configFile) && !existsSync(credentialsFile)) {
      const named = [env.AWS_CONFIG_FILE && `AWS_CONFIG_FILE=${env.AWS_CONFIG_FILE}`, env.AWS_SHARED_CREDENTIALS_FILE && `AWS_SHARED_CREDENTIALS_FILE=${env.AWS_SHARED_CREDENTIALS_FILE}`].filter(Boolean).join(' and ');
      throw new TargetError(`no profiles found: ${named} ${named.includes(' and ') ? 'name files that do' : 'names a file that does'} not exist; export the lines \`npm start\` prints, or pass --data-dir DIR`);
    }
    return { configFile, credentialsFile, dataDir: dataDirOf(dirname(dirname(credentialsFile))), chosenBy: 'environment' };
  }
  const local = inDir(resolve(cwd, DEFAULT_DATA_DIR), './.gatehouse');
  if (existsSync(local.credentialsFile)) return local;
  const aws = { configFile: join(home, '.aws', 'config'), credentialsFile: join(home, '.aws', 'credentials'), chosenBy: '~/.aws' };
  if (opts.homeFallback && (existsSync(aws.credentialsFile) || existsSync(aws.configFile))) return aws;
  const looked = opts.homeFallback ? './.gatehouse/aws/credentials and ~/.aws/credentials' : './.gatehouse/aws/credentials';
  throw new TargetError(`no Gatehouse profiles found: looked in ${looked}; ${POINT_AT}`);
}

type Sections = Record<string, Record<string, unknown>>;

function readIni(file: string): Sections {
  return existsSync(file) ? parseIni(readFileSync(file, 'utf8')) as Sections : {};
}

/** A section's settings that are strings (ini makes sections of dotted names, not settings). */
function plain(section: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(section ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Every profile of the two files, the credentials file's first, in its order (Gatehouse writes
 * its accounts' profiles first), then those only the config file has. As the AWS CLI reads them:
 * `[profile NAME]` or `[default]` in the config file, `[NAME]` in the credentials file.
 */
export function readProfiles(files: Pick<ProfileFiles, 'configFile' | 'credentialsFile'>): Profile[] {
  const credentials = readIni(files.credentialsFile);
  const config: Sections = {};
  for (const [section, settings] of Object.entries(readIni(files.configFile))) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1].trim();
    if (name) config[name] = settings;
  }
  const names = [...new Set([...Object.keys(credentials), ...Object.keys(config)])];
  return names.map((name) => {
    const settings = { ...plain(config[name]), ...plain(credentials[name]) };
    const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, aws_session_token: sessionToken } = settings;
    return {
      name, settings,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined,
      endpoint: settings.endpoint_url, region: settings.region,
    };
  });
}

/**
 * The profile to use in files already chosen: opts.profile, else (unless --data-dir chose the files)
 * AWS_PROFILE, else `default` when there is one, else the first profile of the credentials file.
 */
export function targetIn(files: ProfileFiles, opts: TargetOptions = {}, at: Surroundings = here()): Target {
  const profiles = readProfiles(files);
  const fromEnv = files.chosenBy !== '--data-dir';
  const env = fromEnv ? at.env : {};
  const withKeys = profiles.filter((p) => p.credentials);
  const name = opts.profile ?? env.AWS_PROFILE ?? (profiles.some((p) => p.name === 'default') ? 'default' : withKeys[0]?.name);
  const known = withKeys.map((p) => p.name).join(', ') || 'none';
  if (name === undefined) throw new TargetError(`no profile with an access key in ${files.credentialsFile}; ${POINT_AT}`);
  const profile = profiles.find((p) => p.name === name);
  const chosen = opts.profile !== undefined ? `--profile ${name}` : env.AWS_PROFILE !== undefined ? `AWS_PROFILE=${name}` : `profile '${name}'`;
  if (!profile) throw new TargetError(`${chosen}: no such profile in ${files.credentialsFile} or ${files.configFile} (profiles with keys there: ${known}); pass --profile NAME`);
  if (!profile.credentials) throw new TargetError(`${chosen}: no aws_access_key_id and aws_secret_access_key in ${files.credentialsFile} (profiles with keys there: ${known}); pass --profile NAME`);
  return {
    ...files,
    profile: name,
    credentials: profile.credentials,
    endpoint: opts.endpoint ?? profile.endpoint ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT,
    region: profile.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
  };
}

/** The files, profile, credentials, endpoint and region a command uses. */
export function resolveTarget(opts: TargetOptions = {}, at: Surroundings = here()): Target {
  return targetIn(findProfileFiles(opts, at), opts, at);
}

/**
 * The data dir a command reads directly (explain, accounts): --data-dir, else the one the profile
 * files found above lie in (the exported AWS_SHARED_CREDENTIALS_FILE's, or ./.gatehouse).
 * `mustExist`: a TargetError when it holds no database yet.
 */
export function findDataDir(dataDir: string | undefined, mustExist: boolean, at: Surroundings = here()): string {
  let dir = dataDir === undefined ? undefined : resolve(at.cwd, dataDir);
  try {
    dir ??= findProfileFiles({}, at).dataDir;
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
  }
  dir ??= resolve(at.cwd, DEFAULT_DATA_DIR);
  if (mustExist && !existsSync(join(dir, 'gatehouse.db'))) {
    const beside = at.env.AWS_SHARED_CREDENTIALS_FILE ? ` and beside AWS_SHARED_CREDENTIALS_FILE=${at.env.AWS_SHARED_CREDENTIALS_FILE}` : '';
    throw new TargetError(`no Gatehouse data dir found: looked in ${dataDir !== undefined ? dir : `./.gatehouse${beside}`}; pass --data-dir DIR (the server's), or export the lines \`npm start\` prints`);
  }
  return dir;
}

/** A one-line TargetError for a server that did not answer at all (nothing listening, no such host). */
export function unreachable(e: unknown, endpoint: string): TargetError | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code;
  if (!code || !/^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EAI_AGAIN)$/.test(code)) return undefined;
  return new TargetError(`no server answers at ${endpoint} (${code}); start it with \`npm start\` (or \`gatehouse serve\`), or pass --endpoint URL`);
}
