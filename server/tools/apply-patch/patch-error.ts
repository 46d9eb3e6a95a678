/**
 * The one error the apply_patch engine throws. Its message goes back to the model verbatim as the
 * tool's failure output, so it names what failed (line number, file, the lines not found) and how
 * to fix it. Nothing has been written to disk when it is thrown.
 */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}
