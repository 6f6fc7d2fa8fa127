import { describe, expect, it } from '@jest/globals';
import { BranchMovedError, classifyCommitError, commitMessage, PushForbiddenError } from '../../src/github/commit.js';

const request = { nameWithOwner: 'o/r', branch: 'feature', expectedHeadOid: 'a'.repeat(40) };

describe('classifyCommitError', () => {
  it('maps STALE_DATA (as GitHub returns it) to BranchMovedError', () => {
    const error = Object.assign(new Error('Request failed due to following response errors'), {
      errors: [{ type: 'STALE_DATA', message: 'Expected branch to point to "d8a7a1d" but it did not.  Pull and try again.' }],
    });
    const mapped = classifyCommitError(error, request);
    expect(mapped).toBeInstanceOf(BranchMovedError);
    expect((mapped as BranchMovedError).userMessage).toMatch(/moved after the command/);
    expect((mapped as BranchMovedError).cause).toBe(error);
  });

  it('maps FORBIDDEN and 403 to PushForbiddenError', () => {
    expect(classifyCommitError({ errors: [{ type: 'FORBIDDEN', message: 'x' }] }, request)).toBeInstanceOf(PushForbiddenError);
    expect(classifyCommitError({ status: 403, message: 'Resource not accessible by integration' }, request)).toBeInstanceOf(PushForbiddenError);
  });

  it('passes other errors through unchanged', () => {
    const other = new Error('boom');
    expect(classifyCommitError(other, request)).toBe(other);
  });
});

describe('commitMessage', () => {
  it('uses spark: <instruction> and a co-author trailer with the noreply address', () => {
    const message = commitMessage({ instruction: 'make parse() accept empty input', commenter: { login: 'octocat', id: 1 }, fallback: 'x' });
    expect(message.headline).toBe('spark: make parse() accept empty input');
    expect(message.body).toMatch(/\n\nCo-authored-by: octocat <1\+octocat@users\.noreply\.github\.com>$/);
  });

  it('truncates a long headline to 72 characters and keeps the full text in the body', () => {
    const instruction = 'a'.repeat(100);
    const message = commitMessage({ instruction, commenter: { login: 'o', id: 2 }, fallback: 'x' });
    expect(message.headline.length).toBeLessThanOrEqual(72);
    expect(message.body.startsWith(instruction)).toBe(true);
  });
});
