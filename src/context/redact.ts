/**
 * Redacts strings that look like credentials. Used on everything that enters the prompt and,
 * by the lead, on the model's output before a commit. Patterns favour recall on well-known
 * prefixed formats (they are unambiguous) and stay strict on generic ones to keep code intact.
 */
interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Extra check on the match, to avoid redacting ordinary identifiers. */
  accept?: (match: string) => boolean;
  /** Index of the capture group holding the secret (whole match when absent). */
  group?: number;
}

const hasDigitAndLetter = (s: string): boolean => /\d/.test(s) && /[A-Za-z]/.test(s);

const PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private-key',
    regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/g,
  },
  { kind: 'github-token', regex: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{30,255}(?![A-Za-z0-9_])/g },
  { kind: 'github-token', regex: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}/g },
  {
    kind: 'openai-key',
    regex: /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}/g,
    accept: hasDigitAndLetter,
  },
  { kind: 'aws-access-key', regex: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  {
    kind: 'aws-secret-key',
    regex: /(aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  { kind: 'slack-token', regex: /(?<![A-Za-z0-9])xox[abeoprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'google-api-key', regex: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}/g },
  { kind: 'stripe-key', regex: /(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{20,}/g },
  { kind: 'npm-token', regex: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: 'gitlab-token', regex: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/g },
];

// Cheap pre-filter: a file that contains none of these substrings cannot match any pattern,
// which keeps redaction off the hot path for ordinary source files.
const TRIGGERS = /PRIVATE KEY|gh[pousr]_|github_pat_|sk-|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|secret|xox|AIza|_live_|npm_|glpat-/i;

export function redactSecrets(text: string): { text: string; redactions: number } {
  if (!TRIGGERS.test(text)) return { text, redactions: 0 };
  let redactions = 0;
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern.regex, (match: string, ...groups: unknown[]) => {
      if (pattern.group !== undefined) {
        const prefix = String(groups[pattern.group - 2] ?? '');
        const secret = String(groups[pattern.group - 1] ?? '');
        if (secret === '') return match;
        redactions++;
        return `${prefix}[REDACTED:${pattern.kind}]`;
      }
      if (pattern.accept && !pattern.accept(match)) return match;
      redactions++;
      return `[REDACTED:${pattern.kind}]`;
    });
  }
  return { text: out, redactions };
}
