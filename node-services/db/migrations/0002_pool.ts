import type { Migration } from "../migrate.js";

/** Pool DB: transactions waiting for the sequencer, ordered per sender by nonce. */
export const poolSchema: Migration = {
  id: 2,
  name: "pool",
  sql: `
CREATE SCHEMA IF NOT EXISTS pool;

CREATE TABLE pool.transaction (
  hash          BYTEA PRIMARY KEY,
  encoded       BYTEA NOT NULL,
  from_address  BYTEA NOT NULL,
  to_address    BYTEA,
  nonce         BIGINT NOT NULL,
  gas_price     NUMERIC(78) NOT NULL,
  gas_limit     BIGINT NOT NULL,
  value         NUMERIC(78) NOT NULL,
  size          INTEGER NOT NULL,
  status        TEXT NOT NULL,
  failed_reason TEXT,
  ip            TEXT,
  received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pool_tx_sender_idx ON pool.transaction (from_address, nonce);
CREATE INDEX pool_tx_status_idx ON pool.transaction (status, received_at);

CREATE TABLE pool.blocked (
  address BYTEA PRIMARY KEY
);
`,
};
