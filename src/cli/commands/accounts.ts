import { parseArgs } from 'node:util';
import { openDataDir } from '../../server/start.js';
import { Store } from '../../store/index.js';
import { ensureAccount, listAccounts, parseAccountSpec } from '../../services/accounts.js';
import { findDataDir } from '../target.js';
import { synopsis } from '../usage.js';

/** `create` may make a new data dir (a server started on it keeps its accounts); `list` wants one that exists. */
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
  const store = Store.open(openDataDir(findDataDir(values['data-dir'], action === 'list')).dbFile);
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
