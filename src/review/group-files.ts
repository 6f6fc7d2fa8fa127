export interface SizedFile {
  path: string;
  /** Tokens this file costs in a review turn (its diff plus its content). */
  tokens: number;
}

/**
 * Splits a review's files into groups that each fit one model turn (first-fit decreasing), so a
 * PR bigger than the window is reviewed as parallel turns. A file larger than the budget gets a
 * group of its own (the packer then cuts it as usual). Order inside a group follows the input.
 */
export function groupFiles(files: readonly SizedFile[], budget: number): string[][] {
  if (budget <= 0) throw new RangeError(`review group budget must be positive, got ${budget}`);
  const order = new Map(files.map((f, i) => [f.path, i]));
  const sorted = [...files].sort((a, b) => b.tokens - a.tokens || a.path.localeCompare(b.path));
  const groups: Array<{ paths: string[]; used: number }> = [];
  for (const file of sorted) {
    const fit = groups.find((g) => g.used + file.tokens <= budget);
    if (fit) {
      fit.paths.push(file.path);
      fit.used += file.tokens;
    } else {
      groups.push({ paths: [file.path], used: file.tokens });
    }
  }
  return groups.map((g) => g.paths.sort((a, b) => order.get(a)! - order.get(b)!));
}
