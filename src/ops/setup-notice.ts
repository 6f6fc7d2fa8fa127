/**
 * Probot's setup flow (no APP_ID yet) registers the App and writes its credentials to .env.
 * This wraps the `updateEnv` Probot calls so that, once the App exists, the terminal says
 * what is still missing and how to install the App on a repository.
 */
import { modelSettingsAdvice } from './model-settings-advice.js';

export type UpdateEnv = (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;

export function setupNotice(updateEnv: UpdateEnv, log: Pick<Console, 'info'>, env: NodeJS.ProcessEnv = process.env): UpdateEnv {
  return (values) => {
    const written = updateEnv(values);
    if (values.APP_ID === undefined) return written;
    const lines = [
      '',
      `spark-patch: GitHub App ${values.APP_ID} registered; .env now holds ${Object.keys(values).join(', ')}.`,
      `  ${modelSettingsAdvice(env).advice}`,
      '  Install the App on a repository: the browser now shows the link to its "Install" page (later: GitHub → Settings → Developer settings → GitHub Apps → the App → Install App).',
      '  Then restart `npm start`. In a pull request, comment `/spark help`.',
      '',
    ];
    for (const line of lines) log.info(line);
    return written;
  };
}
