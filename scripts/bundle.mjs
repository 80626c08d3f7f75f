// Builds what `gatehouse` runs, into dist/ (or another folder: the benchmarks bundle into their own):
// - gatehouse-program.cjs: the command as one CommonJS file. Node 20's ESM loader spends most of
//   a cold start resolving and translating modules one by one. better-sqlite3 (native)
//   and the @aws-sdk clients stay external.
// - gatehouse.cjs: the installed command, which runs the program with a code cache (src/cli/launch.cts): Node's own
//   compile cache on Node >= 22.1, V8's code cache through vm.Script on Node 20.
// - models/{iam,sts,s3,s3control,organizations}.cjs: each client's schema module alone, extracted from the
//   installed package (the protocol layer reads only the schemas; the whole client
//   costs ~100 ms more to load on a service's first request).
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD "main" hides its modules from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

/** Bundles into outDir and returns the command's path. */
export async function bundleGatehouse(outDir = join(repo, 'dist')) {
  const command = join(outDir, 'gatehouse.cjs');
  await build({ ...common, entryPoints: [join(repo, 'src/cli/launch.cts')], outfile: command });
  await build({
    ...common,
    entryPoints: [join(repo, 'src/cli/main.ts')],
    outfile: join(outDir, 'gatehouse-program.cjs'),
    // The clients (used by `demo` and `assume`) stay outside; the checksums and protocol helpers are
    // small once bundled, and loading them from node_modules cost a cold start tens of milliseconds.
    // The SAML libraries (1.6 MB) load on the first AssumeRoleWithSAML only: bundled, every start would parse them.
    external: ['better-sqlite3', '@aws-sdk/client-*', '@aws-sdk/credential-providers', '@node-saml/node-saml', 'xml-crypto', '@xmldom/xmldom'],
    define: { 'import.meta.url': '__gatehouse_url' },
    // import() of the external packages becomes require() (all of them are CommonJS): the launcher's
    // code cache would lose the script's import() callback on Node 20.
    supported: { 'dynamic-import': false },
    banner: { js: "const __gatehouse_url = require('node:url').pathToFileURL(__filename).href;" },
  });
  for (const [service, pkg] of [['iam', 'iam'], ['sts', 'sts'], ['s3', 's3'], ['s3control', 's3-control'], ['organizations', 'organizations']]) {
    await build({
      ...common,
      stdin: { contents: `export * from '@aws-sdk/client-${pkg}/dist-es/schemas/schemas_0.js';`, resolveDir: repo, loader: 'js' },
      outfile: join(outDir, 'models', `${service}.cjs`),
    });
  }
  return command;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleGatehouse();
