/**
 * Decoding a source's encoded chunks (`SampleStream.chunks`) away from its connection, on any thread: the
 * same values as the source's own reader gives, since the format carries the column types and the database's
 * registered types the connection's parsers read by.
 */
import type { ChunkFormat } from './contract.js';
import { CopyTextDecoder, copyColumnsOf } from './postgres/copy-text.js';
import { createValueParser } from './postgres/value-parsers.js';

/** Turns chunks into column batches of the columns selected (all by default), carrying rows across chunks. */
export type ChunkDecoder = Pick<CopyTextDecoder, 'push' | 'select'>;

export function createChunkDecoder(format: ChunkFormat): ChunkDecoder {
  const parserOf = createValueParser(new Map(format.types.map((type) => [type.oid, type])));
  return new CopyTextDecoder(copyColumnsOf(format.fields, parserOf));
}
