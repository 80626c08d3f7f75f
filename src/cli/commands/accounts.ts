import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, openDataDir } from '../../server/start.js';
import { Store } from '../../store/index.js';
import { ensureAccount, listAccounts, parseAccountSpec } from '../../services/accounts.js';

export async function accountsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  const [action, spec] = positionals;
  const store = Store.open(openDataDir(values['data-dir']!).dbFile);
  try {
    if (action === 'list' || action === undefined) {
      for (const a of listAccounts(store)) process.stdout.write(`${a.name}\t${a.id}\t${a.rootAccessKeyId}\n`);
      return 0;
    }
    if (action === 'create' && spec) {
      const { name, id } = parseAccountSpec(spec);
      const a = ensureAccount(store, name, id);
      process.stdout.write(`${a.name}\t${a.id}\t${a.rootAccessKeyId}\n`);
      process.stdout.write('(a running server writes the new profile to its aws/ files when it next starts)\n');
      return 0;
    }
    process.stderr.write('usage: gatehouse accounts list | create NAME[=ACCOUNT_ID] [--data-dir D]\n');
    return 2;
  } finally {
    store.close();
  }
}
