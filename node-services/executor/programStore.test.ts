import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Queryable } from "../db/db.js";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import type { Hex } from "./bytes.js";
import { DbProgramStore } from "./programStore.js";

const HASH = `0x${"ab".repeat(32)}` as Hex;
const CODE = Uint8Array.of(0x60, 0x00, 0x56);

describe("DbProgramStore", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestPglite();
  });
  afterEach(() => t.dispose());

  it("serves code while its flush is being written, and from the database after it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // the write waits at the gate: until then only the store itself has the code
    const slow: Queryable = {
      query: async (sql, params) => (sql.startsWith("INSERT") ? gate.then(() => t.db.query(sql, params)) : t.db.query(sql, params)),
      exec: (sql) => t.db.exec(sql),
    };
    const store = new DbProgramStore(slow);
    store.put(HASH, CODE);
    const flushing = store.flush();
    expect(await store.get(HASH)).toEqual(CODE);
    release();
    await flushing;
    expect(await new DbProgramStore(t.db).get(HASH)).toEqual(CODE);
  });

  it("keeps code whose flush failed, and writes it with the next flush", async () => {
    let fail = true;
    const flaky: Queryable = {
      query: (sql, params) => (fail ? Promise.reject(new Error("disk full")) : t.db.query(sql, params)),
      exec: (sql) => t.db.exec(sql),
    };
    const store = new DbProgramStore(flaky);
    store.put(HASH, CODE);
    await expect(store.flush()).rejects.toThrow("disk full");
    fail = false;
    expect(await store.get(HASH)).toEqual(CODE);
    await store.flush();
    expect(await new DbProgramStore(t.db).get(HASH)).toEqual(CODE);
  });
});
