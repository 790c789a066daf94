/**
 * The HTML document around a report: one file with its style sheet inline, no script and a content security
 * policy that forbids every request, so it opens from disk anywhere and never reaches the network.
 */
import { type Html, html, trustedHtml } from './html.js';
import { STYLE_SHEET } from './styles.js';

export interface NavEntry {
  readonly href: string;
  readonly label: string;
  readonly children?: readonly NavEntry[];
}

export interface PageOptions {
  readonly title: string;
  readonly subtitle: string;
  readonly nav: readonly NavEntry[];
  readonly sections: readonly Html[];
}

/** The page loads nothing: no script, no font, no image but inline data, styles only from its own sheet. */
export const REPORT_CONTENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The whole document as a string. */
export function renderPage({ title, subtitle, nav, sections }: PageOptions): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_POLICY}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${trustedHtml(STYLE_SHEET)}</style></head>
<body><header class="page"><h1>${title}</h1><p>${subtitle}</p></header><div class="layout"><nav aria-label="contents">${renderNav(nav)}</nav><main>${sections}</main></div></body></html>
`.text;
}

function renderNav(entries: readonly NavEntry[]): Html {
  return html`<ul>${entries.map(
    (entry) =>
      html`<li><a href="${entry.href}">${entry.label}</a>${entry.children === undefined || entry.children.length === 0 ? '' : renderNav(entry.children)}</li>`,
  )}</ul>`;
}
