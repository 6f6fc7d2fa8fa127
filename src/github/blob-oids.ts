import { blobOidsQuery } from './documents.js';
import type { Octokit, RepoRef } from './types.js';

/** GitHub caps a query's complexity; 100 aliases per request stays well inside it. */
const CHUNK = 100;

/**
 * Blob ids of `paths` at each of `shas`, keyed `"<sha>:<path>"` (null = no such file). One
 * GraphQL request per 100 expressions, sent concurrently.
 */
export async function readBlobOids(octokit: Octokit, repo: RepoRef, shas: readonly string[], paths: readonly string[]): Promise<Map<string, string | null>> {
  const expressions = shas.flatMap((sha) => [...new Set(paths)].map((path) => `${sha}:${path}`));
  const chunks: string[][] = [];
  for (let i = 0; i < expressions.length; i += CHUNK) chunks.push(expressions.slice(i, i + CHUNK));
  const answers = await Promise.all(
    chunks.map((chunk) => {
      const variables: Record<string, string> = { ...repo };
      chunk.forEach((expression, i) => (variables[`e${i}`] = expression));
      return octokit.graphql<{ repository: Record<string, { oid: string } | null> | null }>(blobOidsQuery(chunk.length), variables);
    }),
  );
  const oids = new Map<string, string | null>();
  answers.forEach((answer, c) => {
    chunks[c]!.forEach((expression, i) => oids.set(expression, answer.repository?.[`o${i}`]?.oid ?? null));
  });
  return oids;
}
