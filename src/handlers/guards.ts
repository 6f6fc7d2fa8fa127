/** Bots never trigger Spark: not other apps, not Dependabot, and above all not Spark itself. */
export function isBot(user: { type?: string; login: string } | null | undefined): boolean {
  if (!user) return true;
  return user.type === 'Bot' || user.login.endsWith('[bot]');
}
