// Bundles the gatehouse command into one CommonJS file: Node 20's ESM loader spends
// most of a cold start resolving and translating modules one by one. better-sqlite3
// (native) and the @aws-sdk clients (loaded only when their service is first used)
// stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/gatehouse.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD "main" hides its modules from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
  external: ['better-sqlite3', '@aws-sdk/*'],
  define: { 'import.meta.url': '__gatehouse_url' },
  banner: { js: "const __gatehouse_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
