/**
 * The small driver interface the catalog queries and the sink speak, in the shape of `pg`'s `Client.query`,
 * so query modules have no driver import and can run against anything that answers SQL.
 */
export interface QueryResultLike<R> {
  readonly rows: R[];
  readonly rowCount?: number | null;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResultLike<R>>;
}
