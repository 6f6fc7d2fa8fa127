import { describe, expect, it } from '@jest/globals';
import { readEvent, WORKFLOW_INSTALLATION } from '../../src/action/event.js';
import { readInputs } from '../../src/action/inputs.js';
import { runAction } from '../../src/action/run-action.js';

const base = { INPUT_OPENAI_API_KEY: 'sk-a', INPUT_GITHUB_TOKEN: 'ghs_t', INPUT_CONFIG: '.github/spark.yml' };

describe('readInputs', () => {
  it('maps the inputs onto the model environment and the runner URLs', () => {
    const inputs = readInputs({ ...base, INPUT_MODEL: 'm-1', INPUT_TRANSPORT: 'sse', INPUT_OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', GITHUB_API_URL: 'https://ghe.test/api/v3', GITHUB_GRAPHQL_URL: 'https://ghe.test/api/graphql', SPARK_MAX_RETRIES: '1' });
    expect(inputs).toMatchObject({ openaiApiKey: 'sk-a', githubToken: 'ghs_t', apiUrl: 'https://ghe.test/api/v3', graphqlUrl: 'https://ghe.test/api/graphql' });
    expect(inputs.modelEnv).toMatchObject({ OPENAI_API_KEY: 'sk-a', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', SPARK_MODEL: 'm-1', SPARK_TRANSPORT: 'sse', SPARK_MAX_RETRIES: '1' });
  });

  it('defaults: github.com, the workflow GITHUB_TOKEN, no GraphQL override', () => {
    const inputs = readInputs({ INPUT_OPENAI_API_KEY: 'sk-a', GITHUB_TOKEN: 'ghs_env' });
    expect(inputs).toMatchObject({ apiUrl: 'https://api.github.com', githubToken: 'ghs_env' });
    expect(inputs.graphqlUrl).toBeUndefined();
    expect(inputs.configPath).toBe('.github/spark.yml');
  });

  it('`config` names any YAML file inside the repository', () => {
    expect(readInputs({ ...base, INPUT_CONFIG: 'ci/spark.yaml' }).configPath).toBe('ci/spark.yaml');
    expect(readInputs({ ...base, INPUT_CONFIG: ' .github/spark-action.yml ' }).configPath).toBe('.github/spark-action.yml');
  });

  it('refuses a missing key, a missing token and a config path outside the repository or not YAML', () => {
    expect(() => readInputs({ ...base, INPUT_OPENAI_API_KEY: ' ' })).toThrow(/openai_api_key.*required/);
    expect(() => readInputs({ INPUT_OPENAI_API_KEY: 'sk-a' })).toThrow(/github_token/);
    for (const bad of ['../other/spark.yml', '.github/../../spark.yml', '/etc/spark.yml', './spark.yml', '.github//spark.yml', '.github/spark.json', '.github/spark', 'conf/*.yml', 'HEAD:spark.yml', 'a b.yml']) {
      expect(() => readInputs({ ...base, INPUT_CONFIG: bad })).toThrow(`input \`config\` must be a path inside the repository to a .yml or .yaml file, such as .github/spark.yml`);
    }
    expect(() => readInputs({ ...base, INPUT_CONFIG: '../x.yml' })).toThrow('got "../x.yml"');
  });
});

describe('readEvent', () => {
  const env = { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: 'event.json', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2' };

  it('adds the placeholder installation a workflow payload lacks, and names the delivery after the run', async () => {
    const read = await readEvent(env, async () => JSON.stringify({ action: 'created' }));
    expect(read).toEqual({ kind: 'event', event: { id: 'action-77-2', name: 'issue_comment', payload: { action: 'created', installation: WORKFLOW_INSTALLATION } } });
  });

  it('keeps an installation the payload has', async () => {
    const read = await readEvent(env, async () => JSON.stringify({ installation: { id: 9 } }));
    expect(read.kind === 'event' && read.event.payload.installation).toEqual({ id: 9 });
  });

  it('other events are unsupported; an unreadable payload is an error', async () => {
    expect(await readEvent({ ...env, GITHUB_EVENT_NAME: 'push' })).toEqual({ kind: 'unsupported', name: 'push' });
    await expect(readEvent(env, async () => '[1]')).rejects.toThrow(/not a JSON object/);
    await expect(readEvent(env, async () => '{')).rejects.toThrow(/could not be read/);
    await expect(readEvent({ GITHUB_EVENT_NAME: 'issues' })).rejects.toThrow(/GITHUB_EVENT_PATH/);
  });
});

describe('runAction before any request', () => {
  const run = async (env: NodeJS.ProcessEnv) => {
    let stderr = '';
    const code = await runAction(env, { stderr: (t) => (stderr += t) });
    return { code, stderr };
  };

  it('an event it does not handle: exit 0 and says so', async () => {
    expect(await run({ ...base, GITHUB_EVENT_NAME: 'push' })).toEqual({ code: 0, stderr: expect.stringContaining('nothing to do for the "push" event') });
  });

  it('bad inputs: exit 1 with the reason, no stack', async () => {
    expect(await run({ ...base, INPUT_TRANSPORT: 'carrier-pigeon', GITHUB_EVENT_NAME: 'issue_comment' })).toEqual({ code: 1, stderr: expect.stringContaining('SPARK_TRANSPORT must be one of') });
    expect(await run({ GITHUB_EVENT_NAME: 'issue_comment' })).toEqual({ code: 1, stderr: expect.stringMatching(/^spark-patch: input `openai_api_key` is required/) });
  });
});
