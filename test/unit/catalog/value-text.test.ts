import { describe, expect, it } from 'vitest';
import {
  type EncodableType,
  encodeJson,
  encodePgText,
  encodesAlikeEverywhere,
} from '../../../src/catalog/value-text.js';
import { parseArrayLiteral, parseRecordLiteral } from '../../../src/sources/postgres/literal-parsers.js';

const text = { logical: 'string', native: 'text' } as const;
const jsonb = { logical: 'json', native: 'jsonb' } as const;
const address = {
  logical: 'object',
  native: 'shop.address',
  attributes: [
    { name: 'street', type: text },
    { name: 'zip', type: text },
    { name: 'verified', type: { logical: 'boolean', native: 'boolean' } },
  ],
} as const;
const arrayOf = (element: EncodableType, native: string): EncodableType => ({
  logical: 'array',
  native,
  element,
});

describe('PostgreSQL text forms of values', () => {
  it('writes booleans as true/false, top level, in arrays and in records', () => {
    expect(encodePgText(true, { logical: 'boolean', native: 'boolean' })).toBe('true');
    expect(encodePgText(false, undefined)).toBe('false');
    expect(
      encodePgText([true, null, false], arrayOf({ logical: 'boolean', native: 'boolean' }, 'boolean[]')),
    ).toBe('{true,NULL,false}');
    expect(encodePgText({ street: 'x', zip: null, verified: false }, address)).toBe('(x,,false)');
  });

  it('writes NULL as null, numbers exactly, special floats by name, bytea as \\x hex', () => {
    expect(encodePgText(null, text)).toBeNull();
    expect(encodePgText(2n ** 64n, { logical: 'integer', native: 'numeric(20,0)' })).toBe(
      '18446744073709551616',
    );
    expect(encodePgText(Number.NaN, undefined)).toBe('NaN');
    expect(encodePgText(Number.POSITIVE_INFINITY, undefined)).toBe('Infinity');
    expect(encodePgText(Number.NEGATIVE_INFINITY, undefined)).toBe('-Infinity');
    expect(encodePgText(new Uint8Array([0, 15, 255]), { logical: 'binary', native: 'bytea' })).toBe(
      '\\x000fff',
    );
  });

  it('quotes array elements that need it, and parses back', () => {
    const values = ['a b', 'NULL', null, '', 'q"\\', '{x}', 'a,b'];
    const rendered = encodePgText(values, arrayOf(text, 'text[]'));
    expect(rendered).toBe('{"a b","NULL",NULL,"","q\\"\\\\","{x}","a,b"}');
    expect(parseArrayLiteral(rendered)).toEqual(values);
  });

  it('nests multi-dimensional arrays and quotes bytea elements', () => {
    expect(
      encodePgText(
        [
          [1, null],
          [3, 4],
        ],
        arrayOf({ logical: 'integer', native: 'integer' }, 'integer[]'),
      ),
    ).toBe('{{1,NULL},{3,4}}');
    expect(
      encodePgText([new Uint8Array([1])], arrayOf({ logical: 'binary', native: 'bytea' }, 'bytea[]')),
    ).toBe('{"\\\\x01"}');
  });

  it('separates box elements with ; (their text holds commas)', () => {
    const box = { logical: 'opaque', native: 'box' } as const;
    const rendered = encodePgText(['(1,1),(0,0)', '(3,3),(2,2)'], arrayOf(box, 'box[]'));
    expect(rendered).toBe('{(1,1),(0,0);(3,3),(2,2)}');
    expect(parseArrayLiteral(rendered, ';')).toEqual(['(1,1),(0,0)', '(3,3),(2,2)']);
  });

  it('writes composites with doubled quotes and backslashes, and parses back', () => {
    const rendered = encodePgText({ street: 'a,"b" \\c', zip: '', verified: null }, address);
    expect(rendered).toBe('("a,""b"" \\\\c","",)');
    expect(parseRecordLiteral(rendered)).toEqual(['a,"b" \\c', '', null]);
  });

  it('writes an array of composites as an array of record literals', () => {
    const rendered = encodePgText(
      [
        { street: 'a b', zip: '1', verified: true },
        { street: 'c', zip: null, verified: null },
      ],
      arrayOf(address, 'shop.address[]'),
    );
    expect(rendered).toBe('{"(\\"a b\\",1,true)","(c,,)"}');
    expect(parseArrayLiteral(rendered).map((item) => parseRecordLiteral(item as string))).toEqual([
      ['a b', '1', 'true'],
      ['c', null, null],
    ]);
  });

  it('writes a jsonb[] as an array of JSON texts', () => {
    expect(encodePgText([{ a: 1 }, 'x'], arrayOf(jsonb, 'jsonb[]'))).toBe('{"{\\"a\\":1}","\\"x\\""}');
  });

  it('writes arrays of documents as one JSON array when asked (files), as SQL arrays otherwise', () => {
    const documents = arrayOf(
      { logical: 'object', native: 'object', attributes: [{ name: 'n', type: text }] },
      'array',
    );
    const value = [{ n: 'x' }, { n: 'y' }];
    expect(encodePgText(value, documents, { documentArraysAsJson: true })).toBe('[{"n":"x"},{"n":"y"}]');
    expect(encodePgText(value, documents)).toBe('{(x),(y)}');
    const mixed = arrayOf({ logical: 'json', native: 'string|int' }, 'array');
    expect(encodePgText(['a', 1], mixed, { documentArraysAsJson: true })).toBe('["a",1]');
    expect(encodePgText(['a', 1], arrayOf(text, 'text[]'), { documentArraysAsJson: true })).toBe('{a,1}');
  });

  it('knows the types whose text is the same in files and in COPY (no array of documents inside)', () => {
    const documents = arrayOf(address, 'shop.address[]');
    const holding = {
      logical: 'object',
      native: 'shop.box',
      attributes: [{ name: 'items', type: documents }],
    } as const;
    expect(encodesAlikeEverywhere(documents)).toBe(false);
    expect(encodesAlikeEverywhere(arrayOf(jsonb, 'jsonb[]'))).toBe(false);
    expect(encodesAlikeEverywhere(arrayOf(documents, 'array'))).toBe(false);
    expect(encodesAlikeEverywhere(holding)).toBe(false);
    for (const type of [
      text,
      jsonb,
      address,
      arrayOf(text, 'text[]'),
      arrayOf(arrayOf(text, 'text[]'), 'text[]'),
    ])
      expect(encodesAlikeEverywhere(type), type.native).toBe(true);
    const value = { street: 'a "b", c', zip: '', verified: true };
    expect(encodePgText(value, address, { documentArraysAsJson: true })).toBe(encodePgText(value, address));
  });

  it('writes json as JSON text: strings quoted, big integers exact, bytes as \\x hex like to_json', () => {
    expect(encodePgText('plain', jsonb)).toBe('"plain"');
    expect(encodePgText({ a: [2n ** 64n, 'x'], b: true }, jsonb)).toBe(
      '{"a":[18446744073709551616,"x"],"b":true}',
    );
    expect(encodePgText({ raw: new Uint8Array([0, 255]) }, jsonb)).toBe('{"raw":"\\\\x00ff"}');
    expect(encodePgText([1, 'a'], jsonb)).toBe('[1,"a"]');
    expect(encodePgText({ a: 1 }, undefined)).toBe('{"a":1}');
  });
});

describe('JSON text of values', () => {
  it('keeps big integers exact, writes binary as base64 by default and non-finite numbers as strings', () => {
    expect(encodeJson({ n: 2n ** 64n, b: new Uint8Array([0, 255]), f: Number.NaN, g: -0.5 })).toBe(
      '{"n":18446744073709551616,"b":"AP8=","f":"NaN","g":-0.5}',
    );
    expect(encodeJson(new Uint8Array([0, 255]), { binary: 'hex' })).toBe('"\\\\x00ff"');
    expect(encodeJson([null, Number.NEGATIVE_INFINITY, 'q"'])).toBe('[null,"-Infinity","q\\""]');
  });
});
