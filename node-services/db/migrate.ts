/** Applies the numbered migrations in order, once each, recording them in `public.prom_migrations`. */
import type { Db } from "./db.js";
import { migrations } from "./migrations/index.js";

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export async function migrate(db: Db, list: readonly Migration[] = migrations): Promise<number[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS public.prom_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  );
  const done = new Set((await db.query<{ id: number }>(`SELECT id FROM public.prom_migrations`)).map((r) => r.id));
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO public.prom_migrations (id, name) VALUES ($1, $2)`, [m.id, m.name]);
    });
    applied.push(m.id);
  }
  return applied;
}
