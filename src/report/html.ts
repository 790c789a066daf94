/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already {@link Html}.
 * Field names, kept values and schema text come from profiles a person may have edited, so nothing reaches
 * the page unescaped by accident: markup is written only in template literals in this folder's code.
 */

/** A piece of markup that is already safe to place in a page. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value (HTML and SVG alike). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\``: text escaped, nested Html kept, arrays joined, null/undefined/false left out. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(text);
}

/** Markup trusted as is: only for constants written in this folder (the style sheet). */
export function trustedHtml(text: string): Html {
  return new Html(text);
}

/**
 * An id usable in `id`, `href="#..."` and CSS selectors for any names: letters and digits kept, every other
 * character written as `_<code>_`, parts joined by `-` (which no encoded part contains), so ids are unique.
 */
export function anchorId(...parts: readonly string[]): string {
  return parts
    .map((part) =>
      [...part]
        .map((char) => (/[A-Za-z0-9]/.test(char) ? char : `_${char.codePointAt(0)?.toString(36)}_`))
        .join(''),
    )
    .join('-');
}
