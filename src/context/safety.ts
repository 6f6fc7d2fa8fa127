/**
 * What may never enter the prompt. Path rules are pure string checks so the lead can reuse
 * them on the model's output (refuse to write a secret file) and `relatedPaths` can skip such
 * paths before they are even fetched.
 */
import { compileIgnore, type PathMatcher } from './glob.js';

export type PathClass = 'ok' | 'secret' | 'ignored' | 'binary' | 'lockfile';

const SECRET_BASENAMES = new Set([
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk',
  '.netrc', '_netrc', '.npmrc', '.pypirc', '.pgpass', '.htpasswd', '.git-credentials',
  'credentials', 'credentials.json', 'client_secret.json', 'service-account.json',
  'secrets.yml', 'secrets.yaml', 'secrets.json', 'master.key', 'known_hosts', 'authorized_keys',
  '.dockercfg', 'terraform.tfstate', 'terraform.tfstate.backup',
]);

const SECRET_EXTENSIONS = new Set([
  'pem', 'key', 'p12', 'pfx', 'jks', 'keystore', 'kdbx', 'ppk', 'asc', 'gpg', 'pgp', 'der', 'crt', 'cer', 'p8', 'tfvars',
]);

// `.ssh/`, `.aws/`, `.gnupg/`, `.docker/config.json`: directories whose content is credentials.
const SECRET_DIR = /(^|\/)(\.ssh|\.aws|\.gnupg|\.azure|\.kube)\//;

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'heic', 'avif',
  'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'whl', 'egg',
  'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'class', 'pyc', 'pyo', 'wasm', 'node', 'bin', 'dat',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'flac', 'avi', 'mov', 'mkv', 'webm',
  'sqlite', 'sqlite3', 'db', 'mdb', 'parquet', 'npy', 'npz', 'pkl', 'pickle', 'onnx', 'pt', 'pth', 'h5', 'ckpt',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'lockb', 'iso', 'dmg', 'deb', 'rpm', 'apk', 'ipa',
]);

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'cargo.lock',
  'poetry.lock', 'pipfile.lock', 'pdm.lock', 'uv.lock', 'gemfile.lock', 'composer.lock', 'go.sum',
  'podfile.lock', 'packages.lock.json', 'mix.lock', 'pubspec.lock', 'flake.lock', 'gradle.lockfile',
  'package.resolved', 'deno.lock', 'conda-lock.yml',
]);

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function isSecretPath(path: string): boolean {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return true;
  if (SECRET_BASENAMES.has(lower)) return true;
  if (/^id_[a-z0-9]+$/.test(lower)) return true; // ssh keys without extension
  if (SECRET_EXTENSIONS.has(extension(lower))) return true;
  return SECRET_DIR.test(path);
}

// Compiled once per config list (the same array object is passed for every path of a request).
const matchers = new WeakMap<readonly string[], PathMatcher>();

function ignoreMatcher(ignore: readonly string[] | undefined): PathMatcher {
  if (!ignore || ignore.length === 0) return () => false;
  let matcher = matchers.get(ignore);
  if (!matcher) {
    matcher = compileIgnore(ignore);
    matchers.set(ignore, matcher);
  }
  return matcher;
}

export function classifyPath(path: string, ignore?: readonly string[]): PathClass {
  if (isSecretPath(path)) return 'secret';
  if (ignoreMatcher(ignore)(path)) return 'ignored';
  const lower = basename(path).toLowerCase();
  if (LOCKFILES.has(lower)) return 'lockfile';
  if (BINARY_EXTENSIONS.has(extension(lower))) return 'binary';
  return 'ok';
}

/** True for paths whose content must never be sent to (or written by) the model. */
export function isSensitivePath(path: string, ignore?: string[]): boolean {
  const kind = classifyPath(path, ignore);
  return kind === 'secret' || kind === 'ignored';
}

/** Content sniff (the path may lie): NUL bytes or many U+FFFD from a lossy UTF-8 decode. */
export function looksBinary(content: string): boolean {
  const sample = content.length > 8192 ? content.slice(0, 8192) : content;
  if (sample.includes('\u0000')) return true;
  // Native search first: almost no text file has a single U+FFFD, so the loop rarely runs.
  if (!sample.includes('\uFFFD')) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  return sample.length > 0 && bad / sample.length > 0.05;
}

/** Minified or generated bundles: long lines make them useless to edit and costly to send. */
export function looksMinified(path: string, content: string): boolean {
  if (/\.min\.(js|css|mjs)$/.test(path)) return true;
  if (content.length < 4096) return false;
  let newlines = 0;
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) newlines++;
  return content.length / (1 + newlines) > 500;
}
