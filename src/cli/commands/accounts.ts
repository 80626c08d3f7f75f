import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR, openDataDir } from '../../server/start.js';
import { Store } from '../../store/index.js';
import { ensureAccount, listAccounts, parseAccountSpec } from '../../services/accounts.js';
import { findProfileFiles, TargetError } from '../target.js';
import { synopsis } from '../usage.js';

/**
 * The data dir: --data-dir, else the one the environment's profile files lie in, else ./.gatehouse.
 * `list` wants one that exists; `create` may make a new one (a server started on it later keeps it).
 */
function dataDirFor(given: string | undefined, creating: boolean): string {
  let dir = given === undefined ? undefined : resolve(given);
  try {
    dir ??= findProfileFiles({}).dataDir;
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
  }
  dir ??= resolve(DEFAULT_DATA_DIR);
  if (!creating && !existsSync(join(dir, 'gatehouse.db'))) {
    const looked = given !== undefined ? dir : `./.gatehouse${process.env.AWS_SHARED_CREDENTIALS_FILE ? ` and beside AWS_SHARED_CREDENTIALS_FILE=${process.env.AWS_SHARED_CREDENTIALS_FILE}` : ''}`;
    throw new TargetError(`no Gatehouse data dir found: looked in ${looked}; pass --data-dir DIR (the server's), or run where the server was started`);
  }
  return dir;
}

export async function accountsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { 'data-dir': { type: 'string' } },
  });
  const [action = 'list', spec] = positionals;
  if (!((action === 'list' && !spec) || (action === 'create' && spec)) || positionals.length > 2) {
    process.stderr.write(synopsis('accounts'));
    return 2;
  }
  const store = Store.open(openDataDir(dataDirFor(values['data-dir'], action === 'create')).dbFile);
  try {
    if (action === 'list') {
      for (const a of listAccounts(store)) process.stdout.write(`${a.name}\t${a.id}\t${a.rootAccessKeyId}\n`);
      return 0;
    }
    const { name, id } = parseAccountSpec(spec);
    const a = ensureAccount(store, name, id);
    process.stdout.write(`${a.name}\t${a.id}\t${a.rootAccessKeyId}\n`);
    process.stdout.write('(a running server writes the new profile to its aws/ files when it next starts)\n');
    return 0;
  } finally {
    store.close();
  }
}
