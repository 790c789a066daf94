import { describe, expect, it } from 'vitest';
import { renderValueLiteral, toUtcText } from '../../../../src/sources/mysql/value-literal.js';

describe('renderValueLiteral', () => {
  it('writes each representation as the literal MySQL reads back exactly', () => {
    expect(renderValueLiteral(null, { logical: 'string' })).toBe('NULL');
    expect(renderValueLiteral(true, { logical: 'boolean' })).toBe('1');
    expect(renderValueLiteral(18446744073709551615n, { logical: 'integer' })).toBe('18446744073709551615');
    expect(renderValueLiteral('12.30', { logical: 'decimal' })).toBe('12.30');
    expect(renderValueLiteral("it's a \\ path", { logical: 'string' })).toBe("'it''s a \\ path'");
    expect(renderValueLiteral(new Uint8Array([0, 255]), { logical: 'binary' })).toBe("X'00ff'");
    expect(renderValueLiteral('00101', { logical: 'bit' })).toBe("b'00101'");
    expect(renderValueLiteral({ a: [1, 2n] }, { logical: 'json' })).toBe(`'{"a":[1,2]}'`);
    expect(renderValueLiteral('2024-01-02T03:04:05.5', { logical: 'timestamp' })).toBe(
      "'2024-01-02 03:04:05.5'",
    );
    expect(renderValueLiteral('10:00:00+02', { logical: 'time' })).toBe("'10:00:00'");
    // Spatial values travel as WKT text (read with ST_AsText).
    expect(renderValueLiteral('POINT(-120.4 30.01)', { logical: 'opaque', native: 'geometry' })).toBe(
      "ST_GeomFromText('POINT(-120.4 30.01)')",
    );
    expect(renderValueLiteral(null, { logical: 'opaque', native: 'point' })).toBe('NULL');
    expect(renderValueLiteral('POINT(1 2)', { logical: 'opaque', native: 'inet6' })).toBe("'POINT(1 2)'");
  });

  it('refuses what no MySQL number stores', () => {
    expect(() => renderValueLiteral(Number.NaN, { logical: 'float' })).toThrow(/cannot store the number NaN/);
  });
});

describe('toUtcText', () => {
  it('converts an instant to UTC and keeps its fraction', () => {
    expect(toUtcText('2024-01-02T03:04:05.123456Z')).toBe('2024-01-02 03:04:05.123456');
    expect(toUtcText('2024-01-02T01:04:05.123456+02:00')).toBe('2024-01-01 23:04:05.123456');
    expect(toUtcText('2024-12-31T23:30:00-0130')).toBe('2025-01-01 01:00:00');
    expect(toUtcText('2024-01-02 03:04:05')).toBe('2024-01-02 03:04:05');
  });
});
