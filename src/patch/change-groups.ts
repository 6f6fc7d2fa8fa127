import { diffArrays } from 'diff';

/** One contiguous change between two versions of a file, in old-side (head) line numbers. */
export interface ChangeGroup {
  /** 1-based first removed line, or for a pure insertion the line it is inserted before (n+1 at EOF). */
  oldStart: number;
  removed: string[];
  added: string[];
}

export function changeGroups(before: readonly string[], after: readonly string[]): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  let oldLine = 1;
  let open: ChangeGroup | undefined;
  for (const part of diffArrays([...before], [...after])) {
    if (!part.added && !part.removed) {
      open = undefined;
      oldLine += part.value.length;
      continue;
    }
    if (open === undefined) {
      open = { oldStart: oldLine, removed: [], added: [] };
      groups.push(open);
    }
    if (part.removed) {
      open.removed.push(...part.value);
      oldLine += part.value.length;
    } else open.added.push(...part.value);
  }
  return groups;
}

/** `before` with only the given groups applied. */
export function applyGroups(before: readonly string[], groups: readonly ChangeGroup[]): string[] {
  const out: string[] = [];
  let next = 1;
  for (const g of [...groups].sort((a, b) => a.oldStart - b.oldStart)) {
    while (next < g.oldStart) out.push(before[next++ - 1]!);
    out.push(...g.added);
    next += g.removed.length;
  }
  while (next <= before.length) out.push(before[next++ - 1]!);
  return out;
}
