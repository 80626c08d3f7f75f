/**
 * The npm package as a user meets it: `npm pack` of this repository, installed into an empty project
 * and globally, then `npx gatehouse demo`, `npx gatehouse serve` + signed calls + `npx gatehouse explain`,
 * and the libraries it exports — with nothing of the repository (its node_modules, its build) within reach.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules, createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cleanEnv, cleanup, run } from './support/gatehouse.js';
import { spawnServer, type ChildServer } from './support/child-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>; exports: Record<string, string | { types?: string; default: string }>;
};

/**
 * A user's shell: none of this shell's AWS_* (cleanEnv), and none of what `npm test` sets for the
 * repository's own scripts (npm_*), NODE_PATH or NODE_OPTIONS. No AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
 * the program keeps the SDK's warning out of its output by itself.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const k of Object.keys(env)) if (/^npm_/i.test(k) || k === 'NODE_PATH' || k === 'NODE_OPTIONS') delete env[k];
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return { ...env, ...extra };
}

interface Packed { tarball: string; files: string[]; size: number; unpackedSize: number }

async function pack(dest: string): Promise<Packed> {
  assert.ok(existsSync(join(ROOT, 'dist/gatehouse-program.cjs')), 'dist/ is built (npm test builds it first: pretest)');
  // --ignore-scripts: the tarball takes the build `npm test` made before any test ran. Its prepack/prepare
  // would rebuild dist/ under the test files running beside this one.
  const r = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], userEnv(), { cwd: ROOT });
  assert.equal(r.code, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as [{ filename: string; files: { path: string }[]; size: number; unpackedSize: number }];
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path), size: info.size, unpackedSize: info.unpackedSize };
}

/** `npm install ARGS` from the machine's npm cache first, the registry only for what the cache lacks. */
async function npmInstall(args: string[], cwd: string): Promise<void> {
  const r = await run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...args], userEnv(), { cwd, timeoutMs: 300_000 });
  assert.equal(r.code, 0, `npm install ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

/**
 * better-sqlite3 compiles from source on install (~200 s here, prebuilt binaries being out of reach): too slow
 * for the suite. So the installs run with --ignore-scripts, and the repository's own compiled binary (same
 * better-sqlite3 version, built for the Node running this test and its children) goes where the install
 * script would have put it. That a real install compiles it is what the clone's own `npm install` proves.
 */
function useRepoSqliteBinary(installedGatehouse: string): void {
  const repoPackage = createRequire(join(ROOT, 'package.json')).resolve('better-sqlite3/package.json');
  // Resolved as the installed program resolves it: from its own folder up.
  const installedPackage = createRequire(join(installedGatehouse, 'package.json')).resolve('better-sqlite3/package.json');
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  assert.equal(version(installedPackage), version(repoPackage), 'the package installs the better-sqlite3 version the repository built');
  const binary = 'build/Release/better_sqlite3.node';
  mkdirSync(join(dirname(installedPackage), dirname(binary)), { recursive: true });
  copyFileSync(join(dirname(repoPackage), binary), join(dirname(installedPackage), binary));
}

/** Bare module names a file loads (require("x"), import … from 'x', import('x')), Node's built-ins left out. */
function packagesLoadedBy(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\brequire\(\s*["']([^"'.][^"']*)["']\s*\)|\bfrom\s*["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
    const specifier = m[1] ?? m[2] ?? m[3];
    // A bundle's strings hold "… from '…'" text too: only what can name a package counts.
    if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/i.test(specifier)) continue;
    if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) continue;
    names.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
  }
  return names;
}

test('packagesLoadedBy finds the packages a file loads, whatever the form, and no built-in', () => {
  const found = packagesLoadedBy(`const a = require("better-sqlite3"); require('node:fs'); require("zlib");
    import { x } from '@aws-sdk/client-sts'; import y from "./local.js"; const z = await import('@node-saml/node-saml/lib/xml.js');
    const text = \`stated from '\${date}', description: \`;`);
  assert.deepEqual([...found].sort(), ['@aws-sdk/client-sts', '@node-saml/node-saml', 'better-sqlite3']);
});

describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-package-'));
  const project = join(work, 'project');
  const prefix = join(work, 'global');
  const installed = join(project, 'node_modules', 'gatehouse');
  let packed: Packed;

  before(async () => { packed = await pack(work); });
  after(() => cleanup(work));

  test('the tarball holds the built program, the console, the libraries with their types, README and LICENSE; no tests, benchmarks, sources or Terraform', () => {
    const { files } = packed;
    for (const f of ['dist/gatehouse.cjs', 'dist/gatehouse-program.cjs', 'dist/console-ui/index.html', 'README.md', 'LICENSE', 'package.json']) assert.ok(files.includes(f), f);
    for (const service of ['iam', 'sts', 's3', 's3control', 'organizations']) assert.ok(files.includes(`dist/models/${service}.cjs`), service);
    for (const [name, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') { assert.ok(files.includes(target.slice(2)), name); continue; }
      assert.ok(files.includes(target.default.slice(2)), `${name}: ${target.default}`);
      assert.ok(target.types && files.includes(target.types.slice(2)), `${name}: its type declarations`);
    }
    assert.deepEqual(files.filter((f) => /^(test|bench|src|console|scripts|\.ci)\//.test(f) || /\.(tf|ts|tsx)$/.test(f) && !f.endsWith('.d.ts')), []);
    // Everything else is the build and the documentation: a new top-level file must be chosen, not swept in.
    assert.deepEqual(files.filter((f) => !/^(dist|docs)\//.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f)), []);
    // The policy library's declarations import src/core's (dist/core): a type a user cannot resolve would be `any`.
    assert.ok(files.includes('dist/core/arn.d.ts'));
  });

  test('dependencies are exactly the packages the packed program and libraries load at run time', () => {
    // The program is one bundle whose externals are required by name; the libraries are tsc's output.
    // The console is browser code and the models are self-contained bundles.
    const loaded = new Set<string>();
    for (const f of packed.files.filter((f) => /\.(c?js)$/.test(f) && !f.startsWith('dist/console-ui/'))) {
      for (const name of packagesLoadedBy(readFileSync(join(ROOT, f), 'utf8'))) loaded.add(name);
    }
    assert.deepEqual([...loaded].sort(), Object.keys(manifest.dependencies).sort());
  });

  describe('installed into an empty project, and globally', () => {
    before(async () => {
      // Resolution walks up from the project: nothing above it may hold packages the package forgot to depend on.
      for (let dir = work; dir !== dirname(dir); dir = dirname(dir)) assert.ok(!existsSync(join(dir, 'node_modules')), `${dir}/node_modules is within reach of the project`);
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-project', version: '1.0.0', private: true, type: 'module' }));
      mkdirSync(prefix);
      await Promise.all([npmInstall([packed.tarball], project), npmInstall(['--global', '--prefix', prefix, packed.tarball], work)]);
      useRepoSqliteBinary(installed);
      useRepoSqliteBinary(join(prefix, 'lib', 'node_modules', 'gatehouse'));
    });

    test('npx gatehouse demo runs the scenario from the installed package', async () => {
      assert.equal(realpathSync(join(project, 'node_modules', '.bin', 'gatehouse')), join(realpathSync(installed), 'dist', 'gatehouse.cjs'));
      const r = await run('npx', ['gatehouse', 'demo'], userEnv(), { cwd: project });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^1\. prod: a role that utils may assume/m);
      assert.match(r.stdout, /✔ random_user assumes the role/);
      assert.match(r.stdout, /^5\. Organizations:/m);
      assert.match(r.stdout, /\nEvery step answered as AWS would\.\n$/);
      assert.equal(r.stderr, '');
    });

    test('npx gatehouse serve answers signed calls, and npx gatehouse explain asks it', async () => {
      const dataDir = join(work, 'data');
      const env = userEnv();
      const server: ChildServer = await spawnServer(dataDir, [], env, { command: ['npx', 'gatehouse'], cwd: project });
      try {
        const config = { endpoint: server.url, region: 'us-east-1', credentials: server.root('utils'), maxAttempts: 1 };
        const account = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account!;
        assert.match(account, /^\d{12}$/);
        const iam = new IAMClient(config);
        const bob = (await iam.send(new CreateUserCommand({ UserName: 'bob' }))).User!.Arn!;
        await iam.send(new PutUserPolicyCommand({
          UserName: 'bob', PolicyName: 'reads',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Reads', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
        }));
        const explain = (action: string) => run('npx', ['gatehouse', 'explain', bob, action, 'arn:aws:s3:::b/k', '--endpoint', server.url, '--profile', 'utils', '--data-dir', dataDir], env, { cwd: project });
        const allowed = await explain('s3:GetObject');
        assert.equal(allowed.code, 0, allowed.stderr);
        assert.match(allowed.stdout, /^ALLOWED/);
        assert.match(allowed.stdout, /Allow Reads — applies/);
        const denied = await explain('s3:PutObject');
        assert.equal(denied.code, 1, denied.stderr);
        assert.match(denied.stdout, /^DENIED \(implicit deny\)/);
        assert.equal(allowed.stderr + denied.stderr, '');
      } finally {
        await server.crash();
      }
    });

    test('gatehouse/policy imports from the installed package; its and gatehouse/testing\'s type declarations type-check', async () => {
      writeFileSync(join(project, 'policy.mjs'), `
        import { compilePolicy, evaluate, validate } from 'gatehouse/policy';
        const policy = compilePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}');
        const d = evaluate({ principal: { type: 'User', arn: 'arn:aws:iam::111122223333:user/u', account: '111122223333' }, action: 's3:GetObject', resource: '*', context: {} }, { identity: [{ id: 'p', policy }] });
        console.log(JSON.stringify({ where: import.meta.resolve('gatehouse/policy'), decision: d.decision, problems: validate('{}').length }));
      `);
      const r = await run('node', ['policy.mjs'], userEnv(), { cwd: project });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { where: string; decision: string; problems: number };
      assert.equal(fileURLToPath(out.where), join(realpathSync(installed), 'dist/policy/index.js'));
      assert.equal(out.decision, 'Allow');
      assert.ok(out.problems > 0);

      // A TypeScript user of the package: its declarations checked too (skipLibCheck off), with no @types installed.
      writeFileSync(join(project, 'check.ts'), `
        import { compilePolicy, evaluate, type Decision } from 'gatehouse/policy';
        const d: Decision = evaluate({ principal: { type: 'User', arn: 'arn:aws:iam::111122223333:user/u', account: '111122223333' }, action: 's3:GetObject', resource: '*', context: {} }, { identity: [{ id: 'p', policy: compilePolicy('{}') }] });
        export const allowed: boolean = d.decision === 'Allow' && d.allowed;
        import { startGatehouse } from 'gatehouse/testing';
        export async function accountOf(): Promise<string> { const gh = await startGatehouse({ accounts: ['utils'] }); await gh.stop(); return gh.endpoint + gh.accounts.utils.id; }
      `);
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ['check.ts'] }));
      const tsc = await run('node', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], userEnv(), { cwd: project });
      assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
    });

    test('gatehouse/testing starts a server from the installed package', async () => {
      writeFileSync(join(project, 'testing.mjs'), `
        import { startGatehouse } from 'gatehouse/testing';
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        const gh = await startGatehouse({ accounts: ['utils'] });
        try {
          const me = await new STSClient(gh.clientConfig('utils')).send(new GetCallerIdentityCommand({}));
          console.log(JSON.stringify({ account: me.Account, id: gh.accounts.utils.id }));
        } finally {
          await gh.stop();
        }
      `);
      const r = await run('node', ['testing.mjs'], userEnv(), { cwd: project });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { account: string; id: string };
      assert.equal(out.account, out.id);
    });

    test('a global install puts gatehouse on the PATH, and gatehouse demo runs', async () => {
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      const env = userEnv({ PATH: `${join(prefix, 'bin')}:${process.env.PATH}` });
      const r = await run('gatehouse', ['demo'], env, { cwd: elsewhere });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /\nEvery step answered as AWS would\.\n$/);
    });
  });
});
