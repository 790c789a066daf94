/**
 * JSON Lines: one JSON object per row, keys in column order, exact values (catalog/value-text.ts).
 */
import { encodeJson } from '../../../catalog/value-text.js';
import type { ByteOutput, RowSink, SinkColumn } from './sink.js';

/** A JSON Lines sink over `output`. */
export function createJsonlSink(output: ByteOutput, columns: readonly SinkColumn[]): RowSink {
  const keys = columns.map((column) => [column.name, `${JSON.stringify(column.name)}:`] as const);
  return {
    async write(rows) {
      let text = '';
      for (const row of rows) {
        let line = '';
        for (const [name, key] of keys)
          line += `${line === '' ? '{' : ','}${key}${encodeJson(row[name] ?? null)}`;
        text += `${line === '' ? '{' : line}}\n`;
      }
      await output.write(text);
    },
    writeEncoded: (bytes) => output.write(bytes),
    close: () => output.commit(),
    abort: () => output.discard(),
  };
}
