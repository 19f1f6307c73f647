/**
 * The one storage interface of the node. Two implementations: PGlite (embedded, default) and PostgreSQL through `pg`.
 * SQL is PostgreSQL with `$1` placeholders; both back-ends return the same JS types (see `types.ts`).
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with positional parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A storage failure with the statement that caused it, so logs say what was being done. */
export class DbError extends Error {
  readonly code = "DB_ERROR";
  constructor(
    message: string,
    readonly sql: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = "DbError";
  }
}
