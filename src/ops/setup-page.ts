/**
 * The page the browser shows once Probot's setup flow has registered the App (instead of
 * going straight on to GitHub's install page): what is still missing in .env, the link that
 * installs the App on a repository, and what to do then. Pure; every value is HTML-escaped.
 */
import { modelSettingsAdvice } from './model-settings-advice.js';

export interface Registered {
  appId: string | undefined;
  /** GitHub's "install this App" page (`<html_url>/installations/new`). */
  installUrl: string;
}

export function setupDonePage(registered: Registered, env: NodeJS.ProcessEnv): string {
  const { missing, advice } = modelSettingsAdvice(env);
  const app = registered.appId ? `GitHub App ${escapeHtml(registered.appId)}` : 'The GitHub App';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>spark-patch: almost there</title>
  </head>
  <body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
    <h1>${app} is registered</h1>
    <p>Its credentials (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET) are in <code>.env</code>.</p>
    <h2>${missing.length > 0 ? 'Still missing' : 'Model settings'}</h2>
    <p>${escapeHtml(advice)}</p>
    <h2>Install it on a repository</h2>
    <p><a href="${escapeHtml(registered.installUrl)}">Install the App</a> on the repositories Spark may work on (later: GitHub → Settings → Developer settings → GitHub Apps → the App → Install App).</p>
    <h2>Then</h2>
    <p>Restart <code>npm start</code> and comment <code>/spark help</code> on a pull request of an installed repository.</p>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
