import type { SqlClient } from './sql-client.js';

/** Ordered, append-only. Each runs once, recorded in `schema_migrations`. */
export const MIGRATIONS: readonly { readonly id: number; readonly name: string; readonly sql: string }[] = [
  {
    id: 1,
    name: 'orders and their lifecycle events',
    sql: `
      CREATE TABLE orders (
        id              uuid PRIMARY KEY,
        type            text NOT NULL,
        side            text,
        input_mint      text NOT NULL,
        input_symbol    text NOT NULL,
        input_decimals  integer NOT NULL,
        output_mint     text NOT NULL,
        output_symbol   text NOT NULL,
        output_decimals integer NOT NULL,
        amount_in       numeric(20, 0) NOT NULL,
        slippage_bps    integer NOT NULL,
        status          text NOT NULL,
        venue           text,
        quotes          jsonb,
        route           jsonb,
        min_amount_out  numeric(20, 0),
        amount_out      numeric(20, 0),
        executed_price  double precision,
        tx_hash         text,
        failure         jsonb,
        attempts        integer NOT NULL DEFAULT 0,
        run_id          uuid,
        last_seq        integer NOT NULL DEFAULT 1,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      );
      CREATE INDEX orders_history_idx ON orders (created_at DESC, id DESC);
      CREATE INDEX orders_status_history_idx ON orders (status, created_at DESC, id DESC);
      CREATE INDEX orders_unfinished_idx ON orders (created_at) WHERE status NOT IN ('confirmed', 'failed');
      CREATE TABLE order_events (
        order_id  uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        seq       integer NOT NULL,
        status    text NOT NULL,
        attempt   integer NOT NULL,
        at        timestamptz NOT NULL,
        details   jsonb NOT NULL,
        PRIMARY KEY (order_id, seq)
      );
    `,
  },
];

export async function migrate(client: SqlClient): Promise<number[]> {
  await client.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const applied: number[] = [];
  for (const migration of MIGRATIONS.filter((m) => !done.has(m.id))) {
    await client.exec(`BEGIN;\n${migration.sql}\nINSERT INTO schema_migrations (id, name) VALUES (${migration.id}, '${migration.name}');\nCOMMIT;`);
    applied.push(migration.id);
  }
  return applied;
}
