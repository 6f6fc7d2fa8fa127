/**
 * The GitHub App's id and private key, found the way Probot finds them (PRIVATE_KEY,
 * PRIVATE_KEY_PATH, or a single *.pem in the working directory), with a one-line reason when
 * they are missing or unreadable instead of a stack.
 */
import { getPrivateKey } from '@probot/get-private-key';

export type AppCredentials =
  | { kind: 'ok'; appId: number; privateKey: string }
  | { kind: 'missing'; problem: string }
  | { kind: 'unreadable'; problem: string };

export function appCredentials(env: NodeJS.ProcessEnv): AppCredentials {
  let privateKey: string | undefined;
  try {
    privateKey = getPrivateKey({ env })?.toString() || undefined;
  } catch (error) {
    return { kind: 'unreadable', problem: `the GitHub App private key could not be read: ${(error instanceof Error ? error.message : String(error)).replace(/\.+$/, '')}` };
  }
  const appId = Number(env.APP_ID);
  const missing = [...(Number.isSafeInteger(appId) && appId > 0 ? [] : ['APP_ID']), ...(privateKey ? [] : ['PRIVATE_KEY (or PRIVATE_KEY_PATH)'])];
  if (missing.length > 0 || !privateKey) {
    return { kind: 'missing', problem: `the GitHub App is not configured: ${missing.join(' and ')} not set (run \`npm start\` once to register the App; it writes them to .env)` };
  }
  return { kind: 'ok', appId, privateKey };
}
