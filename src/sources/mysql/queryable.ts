/**
 * The small driver interface the MySQL catalog queries and the sampler speak: positional `?` parameters,
 * rows as plain objects. Query modules have no driver import and run against anything that answers SQL.
 */
export interface MysqlQueryable {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** A connection that also writes: statements that change rows report how many they changed. */
export interface MysqlWritable extends MysqlQueryable {
  change(text: string): Promise<number>;
  /**
   * Runs a `LOAD DATA LOCAL INFILE` statement whose file is `chunks` (whatever file name the server asks
   * for: no file of this machine is ever read), sent with back-pressure. Returns the rows written and the
   * warnings raised.
   */
  loadLocal(text: string, chunks: AsyncIterable<Buffer>): Promise<{ rows: number; warnings: number }>;
}
