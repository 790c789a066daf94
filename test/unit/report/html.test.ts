/** The report's markup: interpolated text is always escaped, and anchors are unique for any names. */
import { describe, expect, it } from 'vitest';
import { anchorId, escapeHtml, html } from '../../../src/report/html.js';

describe('html', () => {
  it('escapes interpolated text but keeps nested markup', () => {
    const hostile = `"><script>alert('x')</script>&`;
    const inner = html`<b>${hostile}</b>`;
    const outer = html`<p title="${hostile}">${inner}${[1, ' & ', null, undefined, false]}</p>`;
    expect(outer.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"><b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</b>1 &amp; </p>',
    );
    expect(escapeHtml('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('makes ids that are valid selectors and never collide', () => {
    const names = [
      ['public.orders', 'total'],
      ['public', 'orders.total'],
      ['public.orders.total'],
      ['a-b', 'c'],
      ['a', 'b-c'],
      ['a_b'],
      ['a.b'],
      ['tags[]'],
      ['Straße', 'größe'],
    ];
    const ids = names.map((parts) => anchorId(...parts));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(anchorId('field', 'public.orders', 'total')).toBe('field-public_1a_orders-total');
  });
});
