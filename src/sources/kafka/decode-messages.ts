/**
 * Message values as documents for schema inference: Confluent's wire format decoded with the schema the
 * registry holds under the message's own schema id (Avro through avsc, JSON Schema as JSON), or plain JSON
 * when a message is not framed. Avro's logical types come back in the forms doppel's inference reads as
 * types: timestamps as dates, decimals as exact decimal numbers, dates and times as ISO text.
 */
import avro from 'avsc';
import { bytesToDecimal, daysToDate, microsToTime } from '../../export/avro-values.js';
import { AVSC_OPTIONS } from '../../export/to-avro.js';
import { DoppelError } from '../../shared/errors.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { unframeWire } from './record-encoding.js';

export type MessageDocument = Readonly<Record<string, unknown>>;

/**
 * An exact decimal read from Avro. It carries the tag the document inference (shared with MongoDB, whose
 * driver tags decimals the same way) reads as a decimal type, so it is profiled as a number, not as text.
 */
class DecimalText {
  readonly _bsontype = 'Decimal128';
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A logical type read one way only (profiling never writes). */
function readOnlyLogical(read: (value: unknown, schema: Record<string, unknown>) => unknown) {
  return class extends avro.types.LogicalType {
    private readonly attributes: Record<string, unknown>;
    constructor(schema: avro.Schema, options?: unknown) {
      super(schema, options);
      this.attributes = schema as unknown as Record<string, unknown>;
    }
    protected override _fromValue(value: unknown): unknown {
      return read(value, this.attributes);
    }
    protected override _toValue(value: unknown): unknown {
      return value;
    }
  };
}

const LOGICAL_TYPES = {
  decimal: readOnlyLogical(
    (value, schema) => new DecimalText(bytesToDecimal(value as Uint8Array, Number(schema.scale ?? 0))),
  ),
  date: readOnlyLogical((value) => daysToDate(Number(value))),
  'time-millis': readOnlyLogical((value) => microsToTime(Number(value) * 1000)),
  'time-micros': readOnlyLogical((value) => microsToTime(value as number | bigint)),
  'timestamp-millis': readOnlyLogical((value) => new Date(Number(value))),
  'timestamp-micros': readOnlyLogical((value) => new Date(Number(BigInt(value as number | bigint) / 1000n))),
  'local-timestamp-millis': readOnlyLogical((value) => new Date(Number(value))),
  'local-timestamp-micros': readOnlyLogical(
    (value) => new Date(Number(BigInt(value as number | bigint) / 1000n)),
  ),
};

type PayloadReader = (payload: Buffer) => unknown;

/** Avro records as plain objects (avsc reads them as instances of generated classes). */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date || value instanceof Uint8Array || value instanceof DecimalText) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
}

function asDocument(value: unknown): MessageDocument {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as MessageDocument)
    : { value };
}

function parseJson(payload: Buffer, what: string): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    throw new DoppelError(
      'invalidInput',
      `A message of ${what} is neither JSON nor in Confluent's wire format; doppel reads JSON, Avro and JSON Schema values.`,
    );
  }
}

/** A decoder of the values of `topic`: framed ones through `registry` (their schema fetched once per id). */
export function createMessageDecoder(
  topic: string,
  registry: RegistryClient | undefined,
): (value: Buffer) => Promise<MessageDocument> {
  const readers = new Map<number, Promise<PayloadReader>>();
  const readerOf = (id: number): Promise<PayloadReader> => {
    let reader = readers.get(id);
    if (reader === undefined) {
      reader = registry!.getSchemaById(id).then((schema): PayloadReader => {
        if (schema.schemaType === 'AVRO') {
          const type = avro.Type.forSchema(JSON.parse(schema.schema) as avro.Schema, {
            registry: { ...AVSC_OPTIONS.registry },
            logicalTypes: LOGICAL_TYPES,
          });
          return (payload) => plain(type.fromBuffer(payload));
        }
        if (schema.schemaType === 'JSON') return (payload) => parseJson(payload, topic);
        throw new DoppelError(
          'refused',
          `Messages of ${topic} use the ${schema.schemaType} schema ${id}; doppel decodes Avro and JSON Schema values.`,
        );
      });
      readers.set(id, reader);
    }
    return reader;
  };
  return async (value) => {
    const framed = unframeWire(value);
    if (framed === undefined) return asDocument(parseJson(value, topic));
    if (registry === undefined)
      throw new DoppelError(
        'usage',
        `Messages of ${topic} carry schema ids (Confluent's wire format); give --registry (or DOPPEL_REGISTRY_URL) to decode them.`,
      );
    return asDocument((await readerOf(framed.id))(framed.payload));
  };
}
