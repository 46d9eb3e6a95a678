/**
 * Turns parsed operations into the net change of every file, validating all of them before
 * anything is written: paths against the policy, files that must (not) exist, every hunk. Reads
 * the disk, never writes it. Operations apply in patch order, each seeing the earlier ones.
 */
import { applyHunks } from './apply-hunks';
import type { PatchOperation, PathPolicy, PlannedFileChange } from './patch-types';
import { PatchWorkspace } from './patch-workspace';
import { resolvePatchPath, WritableRoots } from './path-policy';

/**
 * Plans a patch. `cwd` is absolute; paths in the patch resolve against it. Returns one change per
 * affected file in the order the patch first names them (a move is one `update` with `movePath`);
 * operations that cancel out (add then delete) leave no change. Throws `PatchError`.
 */
export function planPatch(operations: PatchOperation[], cwd: string, policy: PathPolicy): PlannedFileChange[] {
  const roots = new WritableRoots(policy);
  const workspace = new PatchWorkspace(cwd);
  /** For a file that got where it is by moves in this patch: the path it was first moved from. */
  const movedFrom = new Map<string, string>();

  const resolveWritable = (written: string): string => {
    const absolutePath = resolvePatchPath(cwd, written);
    roots.assertWritable(absolutePath, written);
    workspace.touch(absolutePath, written);
    return absolutePath;
  };

  for (const operation of operations) {
    const source = resolveWritable(operation.path);
    const shown = operation.path;
    if (operation.kind === 'add') {
      workspace.assertCanCreate(source, shown, `File already exists: ${shown} (use *** Update File to change it)`);
      workspace.set(source, operation.content);
      movedFrom.delete(source);
    } else if (operation.kind === 'delete') {
      workspace.requireFile(source, shown, false);
      workspace.set(source, null);
      movedFrom.delete(source);
    } else {
      const updated = applyHunks(workspace.requireFile(source, shown, true), operation.hunks, shown);
      const destination = operation.movePath === null ? source : resolveWritable(operation.movePath);
      if (destination === source) {
        workspace.set(source, updated);
        continue;
      }
      const shownDestination = operation.movePath ?? shown;
      workspace.assertCanCreate(
        destination,
        shownDestination,
        `Cannot move ${shown} to ${shownDestination}: the destination already exists (choose another path, or delete it first)`,
      );
      workspace.set(source, null);
      workspace.set(destination, updated);
      movedFrom.set(destination, movedFrom.get(source) ?? source);
      movedFrom.delete(source);
    }
  }
  return netChanges(workspace, movedFrom);
}

function netChanges(workspace: PatchWorkspace, movedFrom: Map<string, string>): PlannedFileChange[] {
  // A move is reported as one change only while it still reads as one: the source existed and is
  // gone, the destination did not exist and does now. Otherwise the two ends are reported apart.
  const moveDestinationOf = new Map<string, string>();
  for (const [destination, source] of movedFrom) {
    const isMove =
      workspace.original(source) !== null &&
      workspace.current(source) === null &&
      workspace.original(destination) === null &&
      workspace.current(destination) !== null;
    if (isMove) moveDestinationOf.set(source, destination);
  }
  const pairedDestinations = new Set(moveDestinationOf.values());

  const changes: PlannedFileChange[] = [];
  for (const absolutePath of workspace.touched) {
    if (pairedDestinations.has(absolutePath)) continue;
    const displayPath = workspace.displayPath(absolutePath);
    const oldContent = workspace.original(absolutePath);
    const destination = moveDestinationOf.get(absolutePath);
    if (destination !== undefined) {
      const newContent = workspace.current(destination);
      changes.push({ kind: 'update', path: absolutePath, movePath: destination, displayPath, oldContent, newContent });
      continue;
    }
    const newContent = workspace.current(absolutePath);
    if (oldContent === null && newContent === null) continue;
    const kind = oldContent === null ? 'add' : newContent === null ? 'delete' : 'update';
    changes.push({ kind, path: absolutePath, movePath: null, displayPath, oldContent, newContent });
  }
  return changes;
}
