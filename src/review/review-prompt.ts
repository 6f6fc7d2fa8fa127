import { findingInstructions } from './finding-format.js';

/**
 * What the model reads for a review (the bot's PR review and the local `spark review`): what to
 * look for, then the line format of src/review/finding-format.ts.
 */
export function reviewInstruction(options: { subject: 'pull' | 'branch'; since?: string; focus?: string }): string {
  const what = options.subject === 'pull' ? 'this pull request' : 'this branch';
  return [
    `Review the changes in ${what}${options.since ? ` made since commit ${options.since.slice(0, 7)} (the diff shows only those)` : ''}.`,
    'Look for bugs, unhandled edge cases, typos and clear mistakes in the changed lines; ignore matters of taste.',
    'Give each finding its own line with a one-sentence reason a reviewer would write, and its own small patch when code should change.',
    findingInstructions(),
    ...(options.focus ? [`Focus: ${options.focus}`] : []),
  ].join('\n');
}
