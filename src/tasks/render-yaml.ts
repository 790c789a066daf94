/**
 * Rendering an ordered document as YAML text that diffs well: short leaf lists and maps in flow style
 * (`type: { logical: integer, native: bigint }`, `[0, 12.5, 0.1]`), everything else in block style, no line
 * folding, and strings that another YAML reader could take for a boolean, number or null quoted.
 */
import { Document, isMap, isPair, isScalar, isSeq, parse, Scalar } from 'yaml';

/** Longest flow collection kept on one line (its content, without the key in front). */
const FLOW_WIDTH = 72;

/** The YAML text of an already ordered document (see `order-document.ts`). */
export function renderYaml(value: unknown, header?: string): string {
  const document = new Document(value, { version: '1.2' });
  styleNode(document.contents, false);
  if (header !== undefined) document.commentBefore = header;
  return document.toString({
    lineWidth: 0,
    minContentWidth: 0,
    indentSeq: true,
    flowCollectionPadding: true,
  });
}

/** Styles a node and its children bottom-up; returns the node's one-line width when it is flow, else -1. */
function styleNode(node: unknown, isListItem: boolean): number {
  if (isScalar(node)) return styleScalar(node);
  if (!isSeq(node) && !isMap(node)) return -1;
  let width = 4;
  let allLeaves = true;
  let allNumbers = true;
  let allFlow = true;
  for (const item of node.items) {
    const value = isPair(item) ? item.value : item;
    const keyWidth = isPair(item) ? (isScalar(item.key) ? styleScalar(item.key) + 2 : -1) : 0;
    const child = styleNode(value, !isPair(item));
    if (!isScalar(value)) allLeaves = false;
    if (!isScalar(value) || typeof value.value !== 'number' || isPair(item)) allNumbers = false;
    if (keyWidth < 0 || child < 0) allFlow = false;
    width += keyWidth + child + 2;
  }
  // Leaf collections go flow when short, and lists of numbers always (a 24-hour profile reads best on one
  // line); a map value may also hold short flow children (a relation end with its fields), and so may a short
  // list inside a list (an array combination: `[ [ Red, Blue ], 0.25 ]`).
  const flow =
    node.items.length === 0 ||
    (allNumbers && isSeq(node)) ||
    (allFlow && width <= FLOW_WIDTH && (allLeaves || !isListItem || isSeq(node)));
  node.flow = flow;
  return flow ? width : -1;
}

/** Quotes strings other YAML readers would not read back as strings; returns the width, or -1 for multi-line. */
function styleScalar(node: Scalar): number {
  const value = node.value;
  if (typeof value !== 'string') return String(value).length;
  if (value.includes('\n')) return -1;
  if (looksLikeOtherType(value)) node.type = Scalar.QUOTE_DOUBLE;
  return value.length + (PLAIN_SAFE.test(value) && node.type !== Scalar.QUOTE_DOUBLE ? 0 : 2);
}

/** Strings that print without quotes in a flow collection (an estimate: width only decides the style). */
const PLAIN_SAFE = /^[\w][\w .\-/()+]*$/;

const MAYBE_OTHER_TYPE = /^[-+.\w: ~]{1,64}$/;

/**
 * True when a YAML 1.1 reader (PyYAML, older tools) would read `text` as something other than a string:
 * `yes`, `no`, `on`, `off`, `1_000`, `0x1F`, `1:20`, `2001-12-14` and the like. (YAML 1.2 look-alikes such
 * as `null`, `true` or `1.0` are quoted by the yaml package itself.)
 */
function looksLikeOtherType(text: string): boolean {
  if (text === '' || !MAYBE_OTHER_TYPE.test(text)) return false;
  try {
    return typeof parse(text, { version: '1.1' }) !== 'string';
  } catch {
    return true;
  }
}
