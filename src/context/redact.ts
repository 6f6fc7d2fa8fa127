/**
 * The one secret redactor: prompt (context files, PR and issue text), patch (a new token in the
 * diff refuses the commit), comments and logs (provider errors, CI logs) all go through it. Patterns favour recall on well-known
 * prefixed formats (they are unambiguous) and stay strict on generic ones to keep code intact.
 */
interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** Extra check on the match, to avoid redacting ordinary identifiers. */
  accept?: (match: string) => boolean;
  /** Index of the capture group holding the secret (whole match when absent). */
  group?: number;
  /** Literal that every match contains (case-insensitive when the regex is): a fast pre-check. */
  trigger: string;
  /** Characters that must not precede a match (checked here: lookbehinds make V8 scan slowly). */
  notAfter?: RegExp;
}

const hasDigitAndLetter = (s: string): boolean => /\d/.test(s) && /[A-Za-z]/.test(s);

const PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private-key',
    trigger: 'PRIVATE KEY',
    regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/g,
  },
  {
    // A block cut before its END line (a truncated log, a half-pasted key): the header and every
    // base64 or header line after it, also when the newlines are JSON-escaped (`\n`).
    kind: 'private-key',
    trigger: 'PRIVATE KEY',
    regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|[\r\n\t ]|[A-Za-z0-9+/=:,-])*/g,
  },
  { kind: 'github-token', trigger: '_', notAfter: /[A-Za-z0-9_]/, regex: /gh[pousr]_[A-Za-z0-9]{30,255}(?![A-Za-z0-9_])/g },
  {
    // Installation tokens in the newer `ghs_<app id>_<JWT>` form (and any `gh?_` token with
    // separators): the prefix, then a long run of token characters holding digits and letters.
    kind: 'github-token',
    trigger: '_',
    notAfter: /[A-Za-z0-9_]/,
    regex: /gh[pousr]_[A-Za-z0-9][A-Za-z0-9_.-]{29,}/g,
    accept: hasDigitAndLetter,
  },
  { kind: 'github-token', trigger: 'github_pat_', notAfter: /[A-Za-z0-9_]/, regex: /github_pat_[A-Za-z0-9_]{22,255}/g },
  {
    kind: 'openai-key',
    trigger: 'sk-',
    notAfter: /[A-Za-z0-9_-]/,
    regex: /sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}/g,
    accept: hasDigitAndLetter,
  },
  { kind: 'aws-access-key', trigger: 'A', notAfter: /[A-Z0-9]/, regex: /(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  {
    kind: 'aws-secret-key',
    trigger: 'secret',
    regex: /(aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
  },
  { kind: 'slack-token', trigger: 'xox', notAfter: /[A-Za-z0-9]/, regex: /xox[abeoprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'google-api-key', trigger: 'AIza', notAfter: /[A-Za-z0-9]/, regex: /AIza[0-9A-Za-z_-]{35}/g },
  { kind: 'stripe-key', trigger: '_live_', notAfter: /[A-Za-z0-9]/, regex: /(?:sk|rk)_live_[0-9A-Za-z]{20,}/g },
  { kind: 'npm-token', trigger: 'npm_', notAfter: /[A-Za-z0-9_]/, regex: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: 'gitlab-token', trigger: 'glpat-', notAfter: /[A-Za-z0-9]/, regex: /glpat-[A-Za-z0-9_-]{20,}/g },
  {
    // JSON Web Tokens: header and payload are base64url JSON objects, so both start with `eyJ`.
    kind: 'jwt',
    trigger: 'eyJ',
    notAfter: /[A-Za-z0-9_-]/,
    regex: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  },
];

// Cheap pre-filter: a file that contains none of these substrings cannot match any pattern,
// which keeps redaction off the hot path for ordinary source files.
const TRIGGERS = /PRIVATE KEY|gh[pousr]_|github_pat_|sk-|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|secret|xox|AIza|_live_|npm_|glpat-|eyJ/i;

export function redactSecrets(text: string): { text: string; redactions: number } {
  if (!TRIGGERS.test(text)) return { text, redactions: 0 };
  let redactions = 0;
  let out = text;
  const lower = text.toLowerCase();
  for (const pattern of PATTERNS) {
    const trigger = pattern.regex.flags.includes('i') ? pattern.trigger.toLowerCase() : pattern.trigger;
    if (!(pattern.regex.flags.includes('i') ? lower : out).includes(trigger)) continue;
    out = out.replace(pattern.regex, (match: string, ...groups: unknown[]) => {
      const offset = groups[groups.length - 2] as number;
      const source = groups[groups.length - 1] as string;
      if (pattern.notAfter && offset > 0 && pattern.notAfter.test(source[offset - 1] as string)) return match;
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
