import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { parseJob, type IssueJob } from '../../src/jobs/job-data.js';
import { InvalidJobError } from '../../src/queue/errors.js';

const issueJob: IssueJob = {
  id: 'comment-issue-1',
  group: 'acme/app#5',
  kind: 'issue-fix',
  installationId: 7,
  receivedAt: 1,
  payload: {
    repo: { owner: 'acme', repo: 'app' },
    instruction: '',
    requester: { login: 'octo', id: 1 },
    config: DEFAULT_CONFIG,
    deliveryId: 'd1',
    issueNumber: 5,
    issueText: { title: 'Crash on empty input', body: '' },
    trigger: 'comment',
  },
};

describe('parseJob (a dequeued job, checked before it runs)', () => {
  it('gives back the typed job after a JSON round trip (what Redis stores)', () => {
    const job = parseJob(JSON.parse(JSON.stringify(issueJob)));
    expect(job.kind).toBe('issue-fix');
    expect(job).toEqual(issueJob);
  });

  it('refuses an unknown kind and a payload without its keys, naming the job', () => {
    expect(() => parseJob({ ...issueJob, kind: 'deploy' })).toThrow(InvalidJobError);
    expect(() => parseJob({ ...issueJob, kind: 'deploy' })).toThrow(/unknown job kind `deploy`/);
    const { issueNumber: _gone, ...payload } = issueJob.payload;
    expect(() => parseJob({ ...issueJob, payload })).toThrow(/`payload.issueNumber` of issue-fix job comment-issue-1 must be a number/);
    expect(() => parseJob({ ...issueJob, kind: 'fix' })).toThrow(/`payload.pinned`/);
    expect(() => parseJob({ ...issueJob, payload: null })).toThrow(/not an object/);
  });

  it('checks a fix-ci continuation (ci-resume) too', () => {
    const resume = {
      ...issueJob,
      id: `ci-resume-acme/app#5-${'c'.repeat(40)}-1`,
      kind: 'ci-resume',
      payload: { repo: { owner: 'acme', repo: 'app' }, number: 5, sha: 'c'.repeat(40), comment: { id: 9, kind: 'issue' }, botLogin: 'spark-patch[bot]', deliveryId: 'd2' },
    };
    expect(parseJob(JSON.parse(JSON.stringify(resume)))).toEqual(resume);
    const { sha: _gone, ...payload } = resume.payload;
    expect(() => parseJob({ ...resume, payload })).toThrow(/`payload.sha` of ci-resume job .* must be a string/);
  });
});
