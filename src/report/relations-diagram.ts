/**
 * The datasets of a profile and their keys as an entity diagram: one box per dataset, parents above their
 * children, each box listing its primary key, the keys other datasets point at, and its references with the
 * measured children per parent. Each reference is a line from the child's row to the parent's key row, routed
 * in its own lane on the right so that lines never cross a box: solid for declared foreign keys, dashed for
 * references inferred from the data.
 */
import { formatCount } from './format.js';
import { anchorId, type Html, html } from './html.js';
import { px, svgFrame } from './svg/frame.js';

export interface DiagramNode {
  readonly name: string;
  readonly rows: number;
  readonly primaryKey?: readonly string[];
  /** In a comparison: a dataset only one side has. */
  readonly status?: 'added' | 'removed';
}

export interface DiagramEdge {
  readonly from: string;
  readonly fromFields: readonly string[];
  readonly to: string;
  readonly toFields: readonly string[];
  readonly declared: boolean;
  /** Measured children per parent, e.g. `p50 3 · p95 9`. */
  readonly detail: string;
}

interface Row {
  readonly text: string;
  readonly className: string;
  /** What an edge end attaches to: `key:<fields>` or `edge:<index>`. */
  readonly anchor: string;
}

const MARGIN = 10;
const TITLE_HEIGHT = 24;
const ROW_HEIGHT = 17;
const BOX_GAP = 16;
const CHAR_WIDTH = 6.4;
const LANE_GAP = 12;

/** The relations diagram; every dataset appears as a box named by it, linked to its section. */
export function renderRelationsDiagram(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): Html {
  const ordered = orderParentsFirst(nodes, edges);
  const rowsOf = new Map(ordered.map((node) => [node.name, rowsFor(node, edges)]));
  const longest = Math.max(
    ...ordered.map((node) => node.name.length + 14),
    ...[...rowsOf.values()].flat().map((row) => row.text.length + 2),
  );
  const boxWidth = Math.max(240, Math.ceil(longest * CHAR_WIDTH) + 20);
  const anchorsY = new Map<string, number>();
  let y = MARGIN;
  const boxes = ordered.map((node) => {
    const rows = rowsOf.get(node.name) ?? [];
    const top = y;
    const height = TITLE_HEIGHT + rows.length * ROW_HEIGHT + 4;
    y += height + BOX_GAP;
    rows.forEach((row, index) => {
      anchorsY.set(`${node.name}|${row.anchor}`, top + TITLE_HEIGHT + index * ROW_HEIGHT + 10);
    });
    const status = node.status === undefined ? '' : ` · ${node.status}`;
    return html`<a href="#${anchorId('dataset', node.name)}"><g class="dataset${node.status === undefined ? '' : ` ${node.status}`}"><rect x="${MARGIN}" y="${px(top)}" width="${px(boxWidth)}" height="${px(height)}" rx="5"/><text class="name" x="${MARGIN + 8}" y="${px(top + 16)}">${node.name}</text><text class="rows" x="${px(MARGIN + boxWidth - 8)}" y="${px(top + 16)}" text-anchor="end">${formatCount(node.rows)} rows${status}</text>${rows.map((row, index) => html`<text class="${row.className}" x="${MARGIN + 16}" y="${px(top + TITLE_HEIGHT + index * ROW_HEIGHT + 13)}">${row.text}</text>`)}</g></a>`;
  });
  const right = MARGIN + boxWidth;
  const spans = edges.map((edge, index) => {
    const start = anchorsY.get(`${edge.from}|edge:${index}`);
    const end = anchorsY.get(`${edge.to}|key:${edge.toFields.join(',')}`);
    return start === undefined || end === undefined ? undefined : { edge, start, end };
  });
  const lanes = assignLanes(
    spans.map((span) => (span === undefined ? undefined : ([span.start, span.end] as const))),
  );
  const lines = spans.map((span, index) => {
    if (span === undefined) return html``;
    const laneX = right + LANE_GAP * (1 + (lanes[index] ?? 0));
    const d = `M${px(right)},${px(span.start)} H${px(laneX - 4)} Q${px(laneX)},${px(span.start)} ${px(laneX)},${px(span.start + Math.sign(span.end - span.start) * 4)} V${px(span.end - Math.sign(span.end - span.start) * 4)} Q${px(laneX)},${px(span.end)} ${px(laneX - 4)},${px(span.end)} H${px(right + 2)}`;
    return html`<g class="relation ${span.edge.declared ? 'declared' : 'inferred'}"><path d="${d}" marker-end="url(#arrow)"/><title>${span.edge.from}(${span.edge.fromFields.join(', ')}) → ${span.edge.to}(${span.edge.toFields.join(', ')}), ${span.edge.declared ? 'declared' : 'inferred'}${span.edge.detail === '' ? '' : `: ${span.edge.detail}`}</title></g>`;
  });
  const laneCount = Math.max(0, ...lanes.map((lane) => (lane ?? -1) + 1));
  const width = right + LANE_GAP * (laneCount + 1) + MARGIN;
  const defs = html`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`;
  const label = `relations between ${nodes.length} datasets: ${nodes.map((node) => node.name).join(', ')}`;
  return svgFrame({
    width,
    height: Math.max(y - BOX_GAP + MARGIN, 40),
    label,
    className: 'relations-diagram',
    body: html`${defs}${boxes}${lines}`,
  });
}

/** The rows of a box: its primary key, other keys pointed at, then its references. */
function rowsFor(node: DiagramNode, edges: readonly DiagramEdge[]): Row[] {
  const rows: Row[] = [];
  const keys = new Set<string>();
  if (node.primaryKey !== undefined && node.primaryKey.length > 0) {
    keys.add(node.primaryKey.join(','));
    rows.push({
      text: `primary key (${node.primaryKey.join(', ')})`,
      className: 'key',
      anchor: `key:${node.primaryKey.join(',')}`,
    });
  }
  for (const edge of edges)
    if (edge.to === node.name && !keys.has(edge.toFields.join(','))) {
      keys.add(edge.toFields.join(','));
      rows.push({
        text: `key (${edge.toFields.join(', ')})`,
        className: 'key',
        anchor: `key:${edge.toFields.join(',')}`,
      });
    }
  edges.forEach((edge, index) => {
    if (edge.from !== node.name) return;
    const arrow = edge.declared ? '→' : '⇢';
    const detail = edge.detail === '' ? '' : `  ·  ${edge.detail}`;
    rows.push({
      text: `${edge.fromFields.join(', ')} ${arrow} ${edge.to}${edge.declared ? '' : ' (inferred)'}${detail}`,
      className: `reference${edge.declared ? '' : ' inferred'}`,
      anchor: `edge:${index}`,
    });
  });
  return rows;
}

/** Parents before children (longest path from a dataset that references none), then in the given order. */
function orderParentsFirst(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): DiagramNode[] {
  const ranks = new Map(nodes.map((node) => [node.name, 0]));
  // Stopped after as many rounds as there are datasets, so that reference cycles end.
  for (let round = 0; round < nodes.length; round++) {
    let changed = false;
    for (const edge of edges) {
      if (edge.from === edge.to || !ranks.has(edge.from) || !ranks.has(edge.to)) continue;
      const wanted = (ranks.get(edge.to) ?? 0) + 1;
      if (wanted > (ranks.get(edge.from) ?? 0) && wanted < nodes.length) {
        ranks.set(edge.from, wanted);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return nodes
    .map((node, index) => ({ node, index }))
    .sort((a, b) => (ranks.get(a.node.name) ?? 0) - (ranks.get(b.node.name) ?? 0) || a.index - b.index)
    .map(({ node }) => node);
}

/** Lanes for vertical spans: shortest spans nearest the boxes, no two overlapping spans in one lane. */
function assignLanes(spans: readonly (readonly [number, number] | undefined)[]): (number | undefined)[] {
  const lanes: (number | undefined)[] = spans.map(() => undefined);
  const taken: [number, number][][] = [];
  const order = spans
    .map((span, index) => ({ span, index }))
    .filter((entry): entry is { span: readonly [number, number]; index: number } => entry.span !== undefined)
    .sort((a, b) => Math.abs(a.span[1] - a.span[0]) - Math.abs(b.span[1] - b.span[0]));
  for (const { span, index } of order) {
    const low = Math.min(...span) - 3;
    const high = Math.max(...span) + 3;
    let lane = taken.findIndex((used) => used.every(([from, to]) => high < from || low > to));
    if (lane < 0) lane = taken.push([]) - 1;
    taken[lane]?.push([low, high]);
    lanes[index] = lane;
  }
  return lanes;
}
