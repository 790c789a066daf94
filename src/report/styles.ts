/** The report's style sheet, inlined into every page (no request at view time). */
export const STYLE_SHEET = `
:root { --ink: #1d2330; --muted: #5d6678; --line: #d8dce5; --panel: #f6f7fa; --expected: #3b6fd8; --actual: #e0772b;
  --bar: #3b6fd8; --personal: #b3261e; --warn: #a05a00; --ok: #23784a; --fail: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.page { padding: 18px 28px; border-bottom: 1px solid var(--line); background: var(--panel); }
header.page h1 { margin: 0 0 4px; font-size: 22px; }
header.page p { margin: 0; color: var(--muted); }
.layout { display: grid; grid-template-columns: 240px minmax(0, 1fr); }
nav { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 16px; border-right: 1px solid var(--line); font-size: 13px; }
nav ul { list-style: none; margin: 0; padding: 0 0 0 10px; }
nav > ul { padding: 0; }
nav a { color: var(--ink); text-decoration: none; display: block; padding: 1px 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
main { padding: 8px 28px 48px; min-width: 0; }
section { margin: 22px 0; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 30px 0 4px; }
h4 { display: inline; font-size: 15px; margin: 0 8px 0 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: var(--panel); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
pre { padding: 8px; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.number { text-align: right; }
.headline { color: var(--muted); margin: 0 0 8px; }
.numbers-row { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 14px; }
.stat { background: var(--panel); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.stat strong { display: block; font-size: 20px; }
.stat span { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; font-size: 12px; padding: 0 7px; margin: 0 4px 2px 0; border-radius: 10px; background: #e8ebf2; white-space: nowrap; }
.badge.type { background: #dfe8fb; }
.badge.key { background: #efe3fb; }
.badge.personal { background: var(--personal); color: #fff; }
.badge.edited { background: #fff0c9; }
.badge.ok { background: #dcefe3; color: var(--ok); }
.badge.fail { background: var(--fail); color: #fff; }
.badge.drift { background: var(--warn); color: #fff; }
ul.semantics li.personal { color: var(--personal); }
.note { color: var(--muted); }
.warnings li { margin: 2px 0; }
.warning::marker { color: var(--warn); }
article.field { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 10px 0; background: #fff; }
article.field.drift { border-color: var(--warn); border-width: 2px; }
article.field.failing { border-color: var(--fail); }
.field-body { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-top: 6px; }
.tree { margin: 8px 0 0 14px; padding-left: 12px; border-left: 2px solid var(--line); }
figure.field-chart { margin: 0; flex: 0 1 460px; min-width: 0; }
figure.field-chart figcaption { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
figure.field-chart .field-name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--ink); }
figure.field-chart .metrics { display: block; margin-top: 3px; }
figure.field-chart p.basis { margin: 2px 0 0; font-size: 12px; color: var(--muted); }
svg { max-width: 100%; height: auto; display: block; }
svg text { font: 10px system-ui, sans-serif; fill: var(--muted); }
svg .axis, svg .tick line { stroke: #9aa3b5; }
svg rect.mark.profile { fill: var(--bar); }
svg rect.mark.expected { fill: var(--expected); fill-opacity: 0.45; }
svg rect.mark.actual { fill: var(--actual); fill-opacity: 0.12; stroke: var(--actual); stroke-width: 1.2; }
svg.values rect.mark.actual { fill-opacity: 0.8; stroke: none; }
svg rect.other { fill: #b9bfcc; }
svg text.value { fill: var(--ink); }
svg.length-strip .whisker, svg.length-strip .median { stroke: var(--ink); }
svg.length-strip .box { fill: #dfe8fb; stroke: var(--expected); }
dl.facts { margin: 0; flex: 1 1 320px; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; align-content: start; }
dl.facts .fact { display: contents; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
dl.facts .fact.warn dd { color: var(--warn); font-weight: 600; }
table.quantiles { margin: 0; font-size: 12px; }
table.quantiles th, table.quantiles td { padding: 0 8px 0 0; border: 0; }
.labels { color: var(--muted); font-size: 12px; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
svg.relations-diagram { max-width: none; }
svg .dataset rect { fill: #eef2fb; stroke: #7d8db5; }
svg .dataset.added rect { fill: #e3f3e8; stroke: var(--ok); }
svg .dataset.removed rect { fill: #fbe6e4; stroke: var(--fail); stroke-dasharray: 4 3; }
svg .dataset text.name { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg .relation path { fill: none; stroke: #58627a; stroke-width: 1.3; }
svg .relation.inferred path { stroke-dasharray: 5 4; }
svg .relation text { font-size: 10px; fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg marker path { fill: #58627a; }
.legend span { display: inline-block; width: 26px; border-top: 2px solid #58627a; margin: 0 4px 3px 10px; vertical-align: middle; }
.legend span.inferred-line { border-top-style: dashed; }
.legend .swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px -2px 10px; border-radius: 2px; }
.legend .swatch.expected { background: var(--expected); opacity: 0.6; }
.legend .swatch.actual { border: 1.5px solid var(--actual); }
.verdict { font-size: 16px; font-weight: 600; }
.verdict.ok { color: var(--ok); }
.verdict.fail { color: var(--fail); }
tr.fail td { color: var(--fail); }
li.drift { color: var(--warn); font-weight: 600; }
.side .headline { display: inline; }
table.sides { flex: 1 1 300px; font-size: 13px; margin: 0; align-self: start; }
table.sides td { overflow-wrap: anywhere; }
svg text.scale-note { font-style: italic; }
@media print { nav { display: none; } .layout { display: block; } }
`;
