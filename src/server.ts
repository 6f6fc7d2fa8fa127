/**
 * `npm start`: Probot's runner. With no APP_ID it serves the setup page that registers the
 * GitHub App from app.yml (the manifest flow) and writes .env; with WEBHOOK_PROXY_URL it
 * forwards webhooks from smee.io for local development.
 */
import { run } from 'probot';
import { sparkApp } from './app.js';
import { createSparkOctokit, requestPolicyFromEnv } from './github/octokit.js';

await run(sparkApp(), { Octokit: createSparkOctokit(() => requestPolicyFromEnv(process.env)) });
