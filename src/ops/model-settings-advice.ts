/**
 * What the model settings still lack right after the App is registered, in the words both the
 * terminal (setup-notice.ts) and the page after registration (setup-page.ts) use. Pure.
 */
export interface ModelSettingsAdvice {
  /** Settings `npm start` cannot run without (empty when OPENAI_API_KEY or OPENAI_BASE_URL is set). */
  missing: string[];
  /** One sentence: what to add to .env, and what is optional. */
  advice: string;
}

export function modelSettingsAdvice(env: NodeJS.ProcessEnv): ModelSettingsAdvice {
  const optional = 'Optional: SPARK_MODEL (default gpt-5.3-codex-spark).';
  if (env.OPENAI_API_KEY?.trim() || env.OPENAI_BASE_URL?.trim()) {
    return { missing: [], advice: `Model settings found in .env (OPENAI_API_KEY / OPENAI_BASE_URL). ${optional}` };
  }
  return {
    missing: ['OPENAI_API_KEY'],
    advice: `Still missing: OPENAI_API_KEY (add OPENAI_API_KEY=sk-… to .env; for a keyless OpenAI-compatible server set OPENAI_BASE_URL=http://host:port/v1 instead). ${optional}`,
  };
}
