// Bundles the GitHub Action (src/action/main.ts) and everything it imports into one ES module,
// dist-action/index.js, the file action.yml runs on the runner's Node 20 (a JavaScript action
// ships no node_modules). `--check` builds in memory and fails when the committed bundle
// differs (CI runs it: the bundle must be what the sources build).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist-action', 'index.js');
const check = process.argv.includes('--check');

const result = await build({
  entryPoints: [join(root, 'src', 'action', 'main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile,
  write: false,
  legalComments: 'none',
  // Module paths in the bundle's comments stay `node_modules/…` even where node_modules is a
  // symlink, so the same sources build the same bundle on every checkout.
  preserveSymlinks: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require() for Node built-ins: give the ES module one.
  banner: { js: "import { createRequire as __sparkCreateRequire } from 'node:module';\nconst require = __sparkCreateRequire(import.meta.url);" },
});
const [file] = result.outputFiles;
if (!file) throw new Error('esbuild wrote no output');
// A module path outside the checkout would put this machine's layout into a committed file.
const outside = /^\/\/ \.\.\//m.exec(file.text);
if (outside) throw new Error(`the bundle names a module outside the repository (${file.text.slice(outside.index, file.text.indexOf('\n', outside.index))})`);

if (check) {
  const committed = await readFile(outfile, 'utf8').catch(() => '');
  if (committed !== file.text) {
    process.stderr.write('dist-action/index.js is not what the sources build: run `npm run build:action` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write(`dist-action/index.js matches a fresh build (${file.contents.byteLength} bytes)\n`);
} else {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, file.contents);
  process.stdout.write(`dist-action/index.js: ${file.contents.byteLength} bytes\n`);
}
