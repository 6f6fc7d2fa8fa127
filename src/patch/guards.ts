import { checkFileBytes, createPathGuard } from '../guard/index.js';
import { inertCode } from '../report/inert.js';
import { PatchGuardError } from './errors.js';
import type { ApplyOptions, FileOp } from './types.js';

/**
 * The patch engine's side of the one guard (src/guard): every path an op names (Add, Update,
 * Delete, and a Move's destination) through the path guard; an Add or Move onto a file that
 * exists in the tree but was never shown to the model is refused, not silently replaced; an
 * Add's content is held to the byte cap before anything is diffed. `shown(path)` says whether
 * the snapshot given to the model holds the path. Throws PatchGuardError. Compiled once per
 * apply: the protected patterns cost about 1 ms to compile and a path about 50 µs to check,
 * measured in Jest on a 2-core machine at load 19 (so an upper bound).
 */
export type OpGuard = (op: FileOp, shown: (path: string) => boolean) => void;

export function createOpGuard(options: ApplyOptions): OpGuard {
  const guard = createPathGuard({ protectedPaths: options.protectedPaths, allowProtected: options.allowProtected, special: options.special, configFile: options.configFile });
  return (op, shown) => {
    const path = guard.check(op.path);
    if (op.kind === 'add') {
      refuseUnseen(path, op.path, options, shown, 'add');
      checkFileBytes(op.path, op.content, options.maxFileBytes, options.configFile);
    }
    if (op.kind === 'update' && op.moveTo !== undefined) {
      const target = guard.check(op.moveTo);
      refuseUnseen(target, op.moveTo, options, shown, 'move');
    }
    if (op.kind === 'update' && op.wholeFile !== undefined) checkFileBytes(op.path, op.wholeFile, options.maxFileBytes, options.configFile);
  };
}

function refuseUnseen(path: string, raw: string, options: ApplyOptions, shown: (path: string) => boolean, action: 'add' | 'move'): void {
  if (options.existing === undefined || !options.existing.has(path) || shown(path)) return;
  const verb = action === 'add' ? '"*** Add File:" names' : '"*** Move to:" names';
  throw new PatchGuardError(
    'unseen_file',
    `Refusing to replace ${inertCode(raw)}: ${verb} a file that already exists in the repository but was not shown to the model. Ask for an edit of that file by name, or choose another path.`,
    { path: raw },
  );
}
