/**
 * What a report shows once Chromium has laid it out, read in the page: each dataset's field charts (name in
 * the caption, the chart's accessible name, marks per series, size on screen) and the relations diagram.
 */
import type { Page } from 'playwright-core';

export interface ChartInPage {
  readonly field: string;
  readonly caption: string;
  readonly label: string;
  readonly basis: Readonly<Record<string, string>>;
  readonly marks: Readonly<Record<'all' | 'expected' | 'actual', number>>;
  /** Width and height of the drawn chart, in CSS pixels. */
  readonly size: readonly [number, number];
}

/**
 * The few DOM members read here, typed locally: the project's TypeScript settings carry Node's types, not
 * the browser's, and these functions run in the page.
 */
interface DomElement {
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly width: number; readonly height: number };
}

/** The charts of every dataset section, by dataset name. */
export function readCharts(page: Page): Promise<Record<string, ChartInPage[]>> {
  return page.evaluate(() => {
    const document = (globalThis as unknown as { document: DomElement }).document;
    const result: Record<string, ChartInPage[]> = {};
    for (const section of Array.from(document.querySelectorAll('section[data-dataset]'))) {
      result[section.dataset.dataset ?? ''] = Array.from(section.querySelectorAll('figure.field-chart')).map(
        (figure) => {
          const svg = figure.querySelector('svg.chart');
          const box = svg?.getBoundingClientRect();
          const count = (selector: string) => figure.querySelectorAll(selector).length;
          const basis: Record<string, string> = {};
          for (const [name, value] of Object.entries(figure.dataset))
            if (name !== 'field') basis[name] = value ?? '';
          return {
            field: figure.dataset.field ?? '',
            caption: figure.querySelector('figcaption .field-name')?.textContent ?? '',
            label: svg?.getAttribute('aria-label') ?? '',
            basis,
            marks: {
              all: count('rect.mark'),
              expected: count('rect.mark.expected'),
              actual: count('rect.mark.actual'),
            },
            size: [box?.width ?? 0, box?.height ?? 0] as const,
          };
        },
      );
    }
    return result;
  });
}

/** The dataset names the relations diagram shows. */
export function readDiagramNames(page: Page): Promise<string[]> {
  return page.$$eval('svg.relations-diagram text.name', (texts) =>
    texts.map((text) => text.textContent ?? ''),
  );
}
