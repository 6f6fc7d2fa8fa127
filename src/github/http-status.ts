/**
 * The HTTP status of a failed Octokit request (`RequestError.status`), or undefined for
 * anything else (network errors, our own errors). The one place that reads it off `unknown`.
 */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  return typeof status === 'number' ? status : undefined;
}
