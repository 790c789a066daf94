/**
 * `COPY ... TO STDOUT` as a readable stream of the row bytes, for the full-scan reads: while the COPY runs it
 * takes the connection's socket from the driver (as pg-copy-streams does) and reads the protocol itself. Where
 * pg-copy-streams cuts every CopyData message (one per row) into a buffer of its own and joins them again,
 * this strips the message headers inside each socket chunk, in place, and hands on the chunk's row bytes at
 * once (1M rows of the 9-column bench table: 0.27-0.36 s of CPU to read against 0.38-0.43 s, and the one-thread
 * full-scan profile 15-20% faster). Anything but row data ends the COPY: an ErrorResponse, CopyDone and what
 * follows go back to the driver, which reports them to `handleError` and `handleCommandComplete` as for any
 * query. Notices between the rows are skipped, as pg-copy-streams skips them.
 *
 * With `frames`, the CopyData messages are handed on whole, headers and all, straight from the socket's
 * chunks (nothing is moved): a reader that knows each message holds one row, as PostgreSQL sends binary
 * COPY (copy-binary.ts), finds its rows by the message lengths instead of by walking every field.
 */
import { Readable } from 'node:stream';
import type pg from 'pg';

const COPY_DATA = 0x64; // d
const COPY_DONE = 0x63; // c
/** Messages that may come between the rows and are skipped: CopyOutResponse, ParameterStatus, notices. */
const SKIPPED = new Set([0x48, 0x53, 0x4e, 0x41]);
/** A message header: one byte of type, four of length (the length counts itself). */
const HEADER = 5;

type DataHandler = (chunk: Buffer) => void;

export class CopyOutQuery extends Readable implements pg.Submittable {
  private connection: pg.Connection | undefined;
  private driverHandler: DataHandler | undefined;
  /** The start of a message header that the last chunk cut off. */
  private partialHeader: Buffer | undefined;
  /** Bytes left of the current message, and whether they are row data (kept) or skipped. */
  private remaining = 0;
  private keeping = false;
  private wanted = false;
  private forwarding = false;
  private ended = false;
  private readonly onReadable = () => this.forward();
  /** Whole CopyData messages are handed on (see above), not their row bytes alone. */
  private readonly frames: boolean;

  constructor(
    private readonly text: string,
    options: { readonly frames?: boolean } = {},
  ) {
    super();
    this.frames = options.frames ?? false;
  }

  submit(connection: pg.Connection): void {
    this.connection = connection;
    const socket = connection.stream;
    const handlers = socket.listeners('data') as DataHandler[];
    if (handlers.length !== 1)
      throw new Error('COPY TO: the connection has no single data reader to take over.');
    this.driverHandler = handlers[0];
    socket.removeListener('data', this.driverHandler!);
    socket.pause();
    socket.on('readable', this.onReadable);
    connection.query(this.text);
  }

  override _read(): void {
    this.wanted = true;
    this.forward();
  }

  /** Reads socket chunks while the consumer wants more. */
  private forward(): void {
    if (this.forwarding || !this.wanted || this.connection === undefined) return;
    this.forwarding = true;
    const socket = this.connection.stream;
    while (this.wanted && this.connection !== undefined) {
      const chunk = socket.read() as Buffer | null;
      if (chunk === null) break;
      this.wanted = this.parse(chunk);
    }
    this.forwarding = false;
  }

  /**
   * Moves the row bytes of `chunk` to its front (over the message headers) and pushes them, or with `frames`
   * pushes its CopyData messages where they are; false when the consumer wants no more for now.
   */
  private parse(chunk: Buffer): boolean {
    const data = this.partialHeader ? Buffer.concat([this.partialHeader, chunk]) : chunk;
    this.partialHeader = undefined;
    const end = data.length;
    const frames = this.frames;
    let at = 0;
    /** Where the bytes kept so far end (moved to the front), or with `frames` where the kept run starts. */
    let kept = 0;
    let wanted = true;
    while (at < end) {
      if (this.remaining > 0) {
        const stop = Math.min(end, at + this.remaining);
        this.remaining -= stop - at;
        if (frames) {
          if (!this.keeping) kept = stop;
        } else if (this.keeping) {
          if (kept !== at) data.copyWithin(kept, at, stop);
          kept += stop - at;
        }
        at = stop;
        continue;
      }
      if (end - at < HEADER) {
        this.partialHeader = Buffer.from(data.subarray(at));
        break;
      }
      const type = data[at]!;
      if (type === COPY_DONE)
        return this.finish(data, this.keptBytes(data, kept, at), at + data.readUInt32BE(at + 1) + 1, true);
      // An error, or the end of the COPY without CopyDone: the driver reads it from here (and reports it).
      if (type !== COPY_DATA && !SKIPPED.has(type))
        return this.finish(data, this.keptBytes(data, kept, at), at, false);
      this.remaining = data.readUInt32BE(at + 1) - 4;
      this.keeping = type === COPY_DATA;
      if (frames && !this.keeping) {
        // The run of messages before a skipped one goes on now; the next run starts after it.
        if (at > kept) wanted = this.push(data.subarray(kept, at));
        kept = at + HEADER;
      }
      at += HEADER;
    }
    // `at` is the end, or the start of a header cut off (carried to the next chunk).
    const bytes = this.keptBytes(data, kept, at);
    return bytes.length > 0 ? this.push(bytes) && wanted : wanted;
  }

  /** The bytes kept of `data` up to `at`: moved to its front (`kept` long), or with `frames` the run from `kept`. */
  private keptBytes(data: Buffer, kept: number, at: number): Buffer {
    return this.frames ? data.subarray(kept, Math.max(kept, at)) : data.subarray(0, kept);
  }

  /**
   * Pushes the last row bytes and gives the socket back to the driver with the bytes from `from` on; after
   * CopyDone (`done`) the stream ends, otherwise the driver's report ends it.
   */
  private finish(data: Buffer, kept: Buffer, from: number, done: boolean): boolean {
    const rest = Buffer.from(data.subarray(from));
    if (kept.length > 0) this.push(kept);
    if (done) this.end();
    this.release(rest);
    return false;
  }

  /** Hands the socket, and the bytes read past the COPY, back to the driver. */
  private release(rest: Buffer): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    const socket = connection.stream;
    socket.removeListener('readable', this.onReadable);
    socket.addListener('data', this.driverHandler!);
    if (rest.length > 0) this.driverHandler!(rest);
    // The driver's reader may pause the socket while it handles what it got: resumed on the next tick.
    process.nextTick(() => socket.resume());
  }

  /** The driver's report of an error (after the socket went back to it). */
  handleError(error: Error): void {
    this.destroy(error);
  }

  handleCommandComplete(): void {}

  /** The statement is over: ends the stream if CopyDone did not (a COPY that ended otherwise). */
  handleReadyForQuery(): void {
    this.end();
  }

  private end(): void {
    if (this.ended || this.destroyed) return;
    this.ended = true;
    this.push(null);
  }
}
