import { instructionFilesQuery } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

type BlobNode = { text: string | null; isBinary: boolean | null; isTruncated: boolean } | null;

/**
 * Reads candidate instruction files at the default branch in one GraphQL request. Missing,
 * binary and truncated files are simply absent from the result.
 */
export async function readInstructionFiles(octokit: Octokit, repo: RepoRef, paths: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paths.length === 0) return found;
  const variables: Record<string, string> = { ...repo };
  paths.forEach((path, i) => (variables[`e${i}`] = `HEAD:${path}`));
  const answer = await octokit.graphql<{ repository: Record<string, BlobNode> }>(instructionFilesQuery(paths.length), variables);
  paths.forEach((path, i) => {
    const node = answer.repository[`f${i}`];
    if (node && !node.isBinary && !node.isTruncated && typeof node.text === 'string') found.set(path, node.text);
  });
  return found;
}
