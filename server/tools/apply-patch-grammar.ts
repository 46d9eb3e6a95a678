/**
 * The Lark grammar offered with the free-form `apply_patch` tool, so the
 * model's output is constrained to Codex's patch format.
 */
export const APPLY_PATCH_LARK_GRAMMAR = String.raw`start: begin_patch file_op+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

file_op: add_file | delete_file | update_file
add_file: "*** Add File: " path LF added_line*
delete_file: "*** Delete File: " path LF
update_file: "*** Update File: " path LF move_to? hunk*
move_to: "*** Move to: " path LF
hunk: anchor hunk_line+ end_of_file?
anchor: "@@" (" " /.+/)? LF
hunk_line: /[ +-]/ /.*/ LF
added_line: "+" /.*/ LF
end_of_file: "*** End of File" LF
path: /.+/

%import common.LF
`;
