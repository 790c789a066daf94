/** Reading a rendered report in unit tests (no browser): its field charts and their marks. */

export interface ChartOnPage {
  readonly field: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly body: string;
}

export function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** Every `<figure class="field-chart ...">` of a section of the page, by its `data-*` attributes. */
export function chartsOf(page: string): ChartOnPage[] {
  const charts: ChartOnPage[] = [];
  for (const match of page.matchAll(/<figure class="field-chart[^"]*"([^>]*)>([\s\S]*?)<\/figure>/g)) {
    const attributes: Record<string, string> = {};
    for (const [, name = '', value = ''] of (match[1] ?? '').matchAll(/data-([a-z-]+)="([^"]*)"/g))
      attributes[name] = unescapeHtml(value);
    charts.push({ field: attributes.field ?? '', attributes, body: match[2] ?? '' });
  }
  return charts;
}

/** The marks of a chart (`rect.mark`), of one series when named. */
export function countMarks(body: string, series?: string): number {
  const pattern =
    series === undefined ? /<rect class="mark[ "]/g : new RegExp(`<rect class="mark ${series}[ "]`, 'g');
  return [...body.matchAll(pattern)].length;
}

/** The HTML of one dataset's section. */
export function sectionOf(page: string, dataset: string): string {
  const start = page.indexOf(`data-dataset="${dataset}"`);
  const end = page.indexOf('<section class="dataset', start + 1);
  return start < 0 ? '' : page.slice(start, end < 0 ? undefined : end);
}
