/**
 * Probot's setup flow (no APP_ID yet) registers the App and writes its credentials to .env.
 * This wraps the `updateEnv` Probot calls so that, once the App exists, the terminal says
 * what is still missing and how to install the App on a repository.
 */
export type UpdateEnv = (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;

export function setupNotice(updateEnv: UpdateEnv, log: Pick<Console, 'info'>, env: NodeJS.ProcessEnv = process.env): UpdateEnv {
  return (values) => {
    const written = updateEnv(values);
    if (values.APP_ID === undefined) return written;
    const missing = env.OPENAI_API_KEY?.trim() || env.OPENAI_BASE_URL?.trim() ? [] : ['OPENAI_API_KEY'];
    const lines = [
      '',
      `spark-patch: GitHub App ${values.APP_ID} registered; .env now holds ${Object.keys(values).join(', ')}.`,
      missing.length > 0
        ? '  Still missing: OPENAI_API_KEY (add OPENAI_API_KEY=sk-… to .env; for a keyless OpenAI-compatible server set OPENAI_BASE_URL=http://host:port/v1 instead). Optional: SPARK_MODEL (default gpt-5.3-codex-spark).'
        : '  Model settings found in .env (OPENAI_API_KEY / OPENAI_BASE_URL). Optional: SPARK_MODEL (default gpt-5.3-codex-spark).',
      '  Install the App on a repository: the browser now shows its "Install" page (later: GitHub → Settings → Developer settings → GitHub Apps → the App → Install App).',
      '  Then restart `npm start`. In a pull request, comment `/spark help`.',
      '',
    ];
    for (const line of lines) log.info(line);
    return written;
  };
}
