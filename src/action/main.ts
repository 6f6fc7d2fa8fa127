/**
 * Entry of the GitHub Action (action.yml `runs.main`, bundled into dist-action/index.js by
 * scripts/build-action.mjs): the workflow run's one event, then exit.
 */
import { runAction } from './run-action.js';

process.exitCode = await runAction(process.env, { stderr: (text) => process.stderr.write(text) });
