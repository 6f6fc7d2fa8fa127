import { blobsQuery } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

export interface BlobReadResult {
  /** Text contents of readable files. */
  files: Map<string, string>;
  /** Paths that were missing, binary or truncated, with why. */
  skipped: Array<{ path: string; reason: 'missing' | 'binary' | 'truncated' }>;
}

type BlobNode = { text: string | null; isBinary: boolean | null; isTruncated: boolean; byteSize: number } | null;

/** GitHub caps a query's complexity; 100 aliases per request stays well inside it. */
const CHUNK = 100;

/**
 * Reads files at a pinned commit by content, in one GraphQL request per 100 paths, all
 * sent concurrently: callers get one round trip of latency for the whole batch.
 */
export async function readBlobs(octokit: Octokit, repo: RepoRef, sha: string, paths: readonly string[]): Promise<BlobReadResult> {
  const unique = [...new Set(paths)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += CHUNK) chunks.push(unique.slice(i, i + CHUNK));
  const result: BlobReadResult = { files: new Map(), skipped: [] };
  const answers = await Promise.all(
    chunks.map((chunk) => {
      const variables: Record<string, string> = { ...repo };
      chunk.forEach((path, i) => (variables[`e${i}`] = `${sha}:${path}`));
      return octokit.graphql<{ repository: Record<string, BlobNode> }>(blobsQuery(chunk.length), variables);
    }),
  );
  answers.forEach((answer, c) => {
    chunks[c]!.forEach((path, i) => {
      const node = answer.repository[`f${i}`];
      if (!node || node.isBinary === undefined) result.skipped.push({ path, reason: 'missing' });
      else if (node.isBinary || node.text === null) result.skipped.push({ path, reason: 'binary' });
      else if (node.isTruncated) result.skipped.push({ path, reason: 'truncated' });
      else result.files.set(path, node.text);
    });
  });
  return result;
}
