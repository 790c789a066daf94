/**
 * Decoding a source's encoded chunks (`SampleStream.chunks`) away from its connection, on any thread: the
 * same values as the source's own reader gives, since the format carries the column types and the database's
 * registered types the connection's parsers read by.
 */
import { CopyBinaryDecoder } from './postgres/copy-binary.js';
import { copyColumnsOf } from './postgres/copy-columns.js';
import { CopyTextDecoder } from './postgres/copy-text.js';
import type { RegisteredType } from './postgres/type-registry.js';
import { createValueParser } from './postgres/value-parsers.js';

/** A result column of an encoded read: its name and its type (a PostgreSQL type oid). */
export interface CopyField {
  readonly name: string;
  readonly oid: number;
}

/**
 * What decodes a source's encoded rows without its connection: PostgreSQL `COPY` of `fields` in text or in
 * binary format, whose values the database's registered types (arrays, domains, composites, enums) parse as
 * the connection would.
 */
export interface ChunkFormat {
  readonly kind: 'postgres-copy-text' | 'postgres-copy-binary';
  readonly fields: readonly CopyField[];
  readonly types: readonly RegisteredType[];
}

/** Bytes of a read as they came (rows may straddle chunks), with their format. */
export interface EncodedChunk {
  readonly format: ChunkFormat;
  readonly bytes: Uint8Array;
}

/**
 * Turns chunks into column batches of the columns selected (all by default), carrying rows across chunks;
 * columns asked for in place come as numbers or field texts (`DecodedBatch.lines`, `DecodedBatch.spans`).
 */
export type ChunkDecoder = Pick<CopyBinaryDecoder, 'push' | 'select' | 'readInPlace'>;
export type { DecodedBatch } from './postgres/copy-text.js';

export function createChunkDecoder(format: ChunkFormat): ChunkDecoder {
  const types = new Map(format.types.map((type) => [type.oid, type]));
  const parserOf = createValueParser(types);
  if (format.kind === 'postgres-copy-binary') return new CopyBinaryDecoder(format.fields, types, parserOf);
  return new CopyTextDecoder(copyColumnsOf(format.fields, parserOf));
}
