/**
 * The one place HTML enters the DOM. DOMPurify runs in the webview's real
 * DOM; the allow-list is its default minus anything that could load or run
 * something: no inline styles (the CSP blocks them anyway, and they could
 * hide text), no forms or inputs, links only to http(s) and mailto (VS Code
 * opens those outside the webview; anything else would navigate the frame).
 */
import DOMPurify from 'dompurify';

const CONFIG = {
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'video', 'audio'],
  FORBID_ATTR: ['style', 'id', 'name'],
};

/** HTML that went through `sanitizeHtml`; the brand keeps anything else out of `setHtml`. */
export type SanitizedHtml = string & { readonly __sanitized: unique symbol };

export function sanitizeHtml(html: string): SanitizedHtml {
  return DOMPurify.sanitize(html, CONFIG) as SanitizedHtml;
}

/** Replaces `element`'s children; sanitized output may be cached and set again (DOMPurify's intended use). */
export function setHtml(element: Element, html: SanitizedHtml): void {
  element.innerHTML = html;
}
