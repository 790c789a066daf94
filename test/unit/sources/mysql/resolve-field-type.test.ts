import { describe, expect, it } from 'vitest';
import { parseMembers, resolveFieldType } from '../../../../src/sources/mysql/extract/resolve-field-type.js';

const column = (
  dataType: string,
  columnType: string,
  extra: Partial<Parameters<typeof resolveFieldType>[0]> = {},
) => ({
  dataType,
  columnType,
  characterLength: null,
  numericPrecision: null,
  numericScale: null,
  datetimePrecision: null,
  ...extra,
});

describe('resolveFieldType', () => {
  it('gives integers their width and signedness; tinyint(1) is boolean, tinyint(1) unsigned is not', () => {
    expect(resolveFieldType(column('bigint', 'bigint(20) unsigned'))).toEqual({
      logical: 'integer',
      native: 'bigint(20) unsigned',
      bits: 64,
      unsigned: true,
    });
    expect(resolveFieldType(column('mediumint', 'mediumint(9)'))).toEqual({
      logical: 'integer',
      native: 'mediumint(9)',
      bits: 24,
    });
    expect(resolveFieldType(column('tinyint', 'tinyint(1)')).logical).toBe('boolean');
    expect(resolveFieldType(column('tinyint', 'tinyint(1) unsigned'))).toMatchObject({
      logical: 'integer',
      bits: 8,
      unsigned: true,
    });
    expect(resolveFieldType(column('int', 'int(10) unsigned zerofill'))).toMatchObject({
      bits: 32,
      unsigned: true,
    });
  });

  it('says decimals and floats store no NaN or infinity', () => {
    expect(
      resolveFieldType(column('decimal', 'decimal(65,30)', { numericPrecision: 65, numericScale: 30 })),
    ).toEqual({
      logical: 'decimal',
      native: 'decimal(65,30)',
      special: [],
      precision: 65,
      scale: 30,
    });
    expect(resolveFieldType(column('double', 'double')).special).toEqual([]);
  });

  it('maps spatial and unknown types to opaque, MariaDB uuid and inet types to theirs', () => {
    expect(resolveFieldType(column('point', 'point')).logical).toBe('opaque');
    expect(resolveFieldType(column('uuid', 'uuid'))).toEqual({ logical: 'uuid', native: 'uuid', bits: 128 });
    expect(resolveFieldType(column('inet6', 'inet6')).logical).toBe('inet');
  });
});

describe('parseMembers', () => {
  it('reads enum and set members, with doubled quotes, commas and parentheses inside', () => {
    expect(parseMembers("enum('a','b''c','d,e','(f)')")).toEqual(['a', "b'c", 'd,e', '(f)']);
    expect(parseMembers("set('x')")).toEqual(['x']);
    expect(parseMembers("enum('')")).toEqual(['']);
  });
});
