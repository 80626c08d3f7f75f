/**
 * The README's "The scenario, by hand", run as a user runs it: its shell blocks as written, with
 * bash, in a throwaway copy of the clone (node_modules and dist shared by symlink, the real tree
 * untouched), the server running on the copy's ./.gatehouse and npm start's two exports set. The
 * by-hand run leaves Terraform's state, lock and .terraform/ in the copy's scenario folder and its
 * exports and session variables in the shell; the suite's own Terraform and explain tests must then
 * pass in that same tree and shell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, cleanup, run, which } from './support/gatehouse.js';
import { spawnServer } from './support/child-server.js';
import { terraformMissing, writeMirrorConfig } from './support/terraform.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECTION = 'The scenario, by hand';

/** The ```sh blocks of a README section, in order. */
function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no section "${heading}"`);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'), SECTION);
const why = (await terraformMissing()) || (!(await which('aws')) && 'the aws CLI is not installed') || (!(await which('bash')) && 'bash is not installed');

test('the README\'s scenario by hand, then the suite\'s Terraform and explain tests in the same tree and shell', { skip: why, timeout: 900_000 }, async () => {
  assert.equal(blocks.length, 2, 'the scenario\'s block, and the block of a refusal explained');
  const copy = mkdtempSync(join(tmpdir(), 'gatehouse-readme-'));
  const scenarioState = join(ROOT, 'test', 'terraform', 'scenario', 'terraform.tfstate');
  const realTreeHadState = existsSync(scenarioState);
  try {
    for (const part of ['src', 'test', 'package.json', 'tsconfig.json', 'README.md']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    for (const shared of ['node_modules', 'dist']) symlinkSync(join(ROOT, shared), join(copy, shared));
    // Terraform's provider from the machine's mirror, as the README says to set up
    const terraformrc = writeMirrorConfig(join(copy, 'terraform.rc'));
    // `npm start` in the copy: its data dir is the copy's ./.gatehouse
    const dataDir = join(copy, '.gatehouse');
    const server = await spawnServer(dataDir, ['--processes', '1'], cleanEnv());
    try {
      const shell = cleanEnv({
        AWS_CONFIG_FILE: join(dataDir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'aws', 'credentials'),
        TF_CLI_CONFIG_FILE: terraformrc, CHECKPOINT_DISABLE: '1',
      });
      // A user's shell is no test runner's child: the suite it runs reports as `node --test` does in a terminal.
      delete shell.NODE_TEST_CONTEXT;
      const script = [
        'set -e', blocks[0], 'echo "::refused"',
        // the refusal's commands fail on purpose: the shell goes on, as a user's would
        'set +e', blocks[1], 'set -e',
        'echo "::suite"', 'test -f "$REPO/test/terraform/scenario/terraform.tfstate"', 'cd "$REPO"',
        'node --import tsx --test test/terraform.test.ts test/explain.cli.test.ts',
      ].join('\n');
      const r = await run('bash', ['-c', script], shell, { cwd: copy, timeoutMs: 840_000 });
      // (a marker line may begin with the colour reset Terraform printed last)
      const [byHand, refused = '', suite = ''] = r.stdout.split(/^.*::(?:refused|suite)$/m);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);

      assert.match(byHand, /"Arn": "arn:aws:iam::\d{12}:user\/random_user"/);
      assert.match(byHand, /"Arn": "arn:aws:sts::\d{12}:assumed-role\/s3-list-role\/gatehouse-\d+"/);
      assert.equal([...byHand.matchAll(/"Buckets": \[/g)].length, 2, 'list-buckets as the eval\'d session and through the prod-s3 profile');

      assert.match(r.stderr, /^gatehouse assume: AccessDenied: User: arn:aws:iam::\d{12}:user\/random_user is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/s3-list-role$/m);
      assert.match(r.stderr, /gatehouse explain arn:aws:iam::\d{12}:user\/random_user sts:AssumeRole arn:aws:iam::\d{12}:role\/s3-list-role$/m);
      assert.match(refused, /^DENIED/m, 'explain, run as the README says, answers the refusal');
      assert.match(refused, /^identity\b.*decided the denial/m, 'and says it is random_user\'s own side');
      assert.match(refused, /Apply complete! Resources: 1 added/, 'Terraform puts the permission back');

      // node --test's summary off a terminal: TAP's "# fail 0" on Node 20 and 22, the spec reporter's
      // "ℹ fail 0" on Node 24 (its default reporter is spec even off a terminal).
      assert.match(suite, /^(#|ℹ) fail 0$/m);
      assert.match(suite, /^(#|ℹ) pass [1-9]\d*$/m);
    } finally {
      await server.crash();
    }
    assert.equal(existsSync(scenarioState), realTreeHadState, 'the real tree is untouched');
  } finally {
    cleanup(copy);
  }
});
