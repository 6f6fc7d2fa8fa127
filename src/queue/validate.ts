import { InvalidJobError } from './errors.js';
import type { JobData } from './types.js';

/** Rejects jobs that would break dedupe or serialization (an empty key would merge all PRs). */
export function validateJob(job: JobData): void {
  if (typeof job.id !== 'string' || job.id.trim() === '') throw new InvalidJobError('`id` is empty');
  if (typeof job.group !== 'string' || job.group.trim() === '') throw new InvalidJobError('`group` is empty');
  if (typeof job.kind !== 'string' || job.kind === '') throw new InvalidJobError('`kind` is empty');
  if (!Number.isSafeInteger(job.installationId) || job.installationId <= 0) {
    throw new InvalidJobError(`\`installationId\` must be a positive integer, got ${String(job.installationId)}`);
  }
}
