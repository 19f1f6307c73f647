/** Contract bytecode by its linear-Poseidon hash (spec §4.4): in memory, or in `state.program` of the State DB. */
import type { Queryable } from "../db/db.js";
import { WriteBehind } from "../db/writeBehind.js";
import type { Hex } from "./bytes.js";

export interface ProgramStore {
  get(hash: Hex): Promise<Uint8Array | undefined>;
  /** Buffers the write; `flush` makes it durable. */
  put(hash: Hex, code: Uint8Array): void;
  flush(): Promise<void>;
}

export class MemoryProgramStore implements ProgramStore {
  private readonly codes = new Map<string, Uint8Array>();
  async get(hash: Hex): Promise<Uint8Array | undefined> {
    return this.codes.get(hash.toLowerCase());
  }
  put(hash: Hex, code: Uint8Array): void {
    this.codes.set(hash.toLowerCase(), code);
  }
  async flush(): Promise<void> {}
}

/**
 * Reads through an in-memory cache; writes are batched into one INSERT per flush. Code being flushed stays readable
 * here until the database has it: the synchronizer executes the next block while the previous one is written.
 */
export class DbProgramStore implements ProgramStore {
  private readonly cache = new Map<string, Uint8Array>();
  private readonly writes = new WriteBehind<Uint8Array>();
  constructor(private readonly db: Queryable) {}

  async get(hash: Hex): Promise<Uint8Array | undefined> {
    const key = hash.toLowerCase();
    const hit = this.cache.get(key) ?? this.writes.get(key);
    if (hit) return hit;
    const rows = await this.db.query<{ code: Uint8Array }>("SELECT code FROM state.program WHERE hash = $1", [Buffer.from(key.slice(2), "hex")]);
    const code = rows[0]?.code;
    if (code) this.cache.set(key, code);
    return code;
  }

  put(hash: Hex, code: Uint8Array): void {
    const key = hash.toLowerCase();
    if (!this.cache.has(key)) this.writes.set(key, code);
  }

  async flush(): Promise<void> {
    const written = await this.writes.flush(async (batch) => {
      const params: unknown[] = [];
      const values: string[] = [];
      for (const [hash, code] of batch) {
        values.push(`($${params.length + 1}, $${params.length + 2})`);
        params.push(Buffer.from(hash.slice(2), "hex"), code);
      }
      await this.db.query(`INSERT INTO state.program (hash, code) VALUES ${values.join(", ")} ON CONFLICT (hash) DO NOTHING`, params);
    });
    for (const [hash, code] of written) this.cache.set(hash, code);
  }
}
