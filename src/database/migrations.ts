import type { SqlClient } from './sql-client.js';

/** Ordered, append-only. Each runs once, recorded in `schema_migrations`. */
const MIGRATIONS: readonly { readonly id: number; readonly name: string; readonly sql: string }[] = [
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
  {
    id: 2,
    name: 'limit and sniper orders: their terms, resting and expiring orders, more terminal statuses',
    sql: `
      ALTER TABLE orders
        ADD COLUMN limit_price text,
        ADD COLUMN max_price   text,
        ADD COLUMN expires_at  timestamptz;
      DROP INDEX orders_unfinished_idx;
      CREATE INDEX orders_unfinished_idx ON orders (created_at) WHERE status NOT IN ('confirmed', 'failed', 'cancelled', 'expired');
      CREATE INDEX orders_resting_idx ON orders (input_mint, output_mint) WHERE status = 'waiting';
      CREATE INDEX orders_expiry_idx ON orders (expires_at) WHERE expires_at IS NOT NULL AND status IN ('pending', 'waiting', 'retrying');
    `,
  },
  {
    id: 3,
    name: "sniper orders: an output token's decimals are unknown until its pool launches",
    sql: `
      ALTER TABLE orders ALTER COLUMN output_decimals DROP NOT NULL;
    `,
  },
  {
    id: 4,
    name: 'idempotent submits: a client order id per owner, and what the request asked',
    sql: `
      ALTER TABLE orders
        ADD COLUMN owner           text,
        ADD COLUMN client_order_id text,
        ADD COLUMN request_hash    text;
      CREATE UNIQUE INDEX orders_client_order_idx ON orders (COALESCE(owner, ''), client_order_id) WHERE client_order_id IS NOT NULL;
    `,
  },
  {
    id: 5,
    name: "API keys: an owner's order history",
    sql: `
      CREATE INDEX orders_owner_history_idx ON orders (owner, created_at DESC, id DESC) WHERE owner IS NOT NULL;
    `,
  },
];

/** Any fixed number shared by every engine process: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x0e_e0_00_01;

/**
 * Brings the schema up to date in one transaction under an advisory lock, so
 * that any number of engine processes booting at once against an empty
 * database migrate it exactly once. Returns the migrations it applied.
 */
export function migrate(client: SqlClient): Promise<number[]> {
  return client.transaction(async (session) => {
    await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await session.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await session.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    const applied: number[] = [];
    for (const migration of MIGRATIONS.filter((m) => !done.has(m.id))) {
      await session.query(migration.sql);
      await session.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return applied;
  });
}
