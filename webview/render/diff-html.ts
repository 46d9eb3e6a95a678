/**
 * One file's unified diff → diff2html's line-by-line HTML (a string; the
 * caller sanitizes it). diff2html ships precompiled templates, so nothing
 * here compiles code at run time (the CSP forbids eval); its stylesheet is
 * bundled into dist/webview.css and recoloured from the theme in diff.css.
 */
import { html } from 'diff2html';
import { ColorSchemeType } from 'diff2html/lib/types';

export function diffToHtml(unified: string): string {
  return html(unified, {
    outputFormat: 'line-by-line',
    drawFileList: false,
    // Word-level highlights inside changed lines, matched line by line like an editor does.
    diffStyle: 'word',
    matching: 'lines',
    // Guard against pathological inputs: line matching is quadratic.
    matchingMaxComparisons: 1000,
    maxLineSizeInBlockForComparison: 300,
    renderNothingWhenEmpty: false,
    // Light variables, which diff.css maps onto the VS Code theme (dark and high-contrast included).
    colorScheme: ColorSchemeType.LIGHT,
  });
}
