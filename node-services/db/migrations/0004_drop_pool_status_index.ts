import type { Migration } from "../migrate.js";

/** The pool selects from its in-memory index now; the status index only slowed every admission down. */
export const dropPoolStatusIndex: Migration = {
  id: 4,
  name: "drop_pool_status_index",
  sql: `DROP INDEX IF EXISTS pool.pool_tx_status_idx;`,
};
