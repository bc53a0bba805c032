// The trigger scenario of `npm run bench`: many resting limit orders on one pair, then one price move
// that crosses a known part of them. It measures how long the engine takes from the pool update to the
// crossed orders' `routing` events, and what the resting orders that did not cross cost it meanwhile.
import pg from 'pg';
import WebSocket from 'ws';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import { Target } from './bench-targets.js';

const [SOL, USDC] = DEFAULT_TOKENS;
/** Each crossing order sells this much SOL: small enough that its route price is the spot price. */
// 0.01 SOL and a few base units more, one size per crossing order: every order's route is its own work.
const CROSSING_AMOUNT = 10_000_000n;
const isCrossingAmount = (amountIn: string, crossing: number): boolean =>
  BigInt(amountIn) > CROSSING_AMOUNT && BigInt(amountIn) <= CROSSING_AMOUNT + BigInt(crossing);
const LIFT_USDC = '1000000';

export interface TriggerScenarioResult {
  readonly resting: number;
  readonly crossing: number;
  /** Engine start with every resting order to index: spawn to the first answer. */
  readonly bootMs: number;
  /** The engine's CPU while the orders rest and nothing moves, per second of wall time. */
  readonly idleCpuMsPerSecond: number;
  /** From the pool update until the engine had fired the last crossed order (its log line for that pass). */
  readonly lastFireMs: number | null;
  readonly firePasses: number;
  /** Each pass's own duration, from the check to the last job re-run (the engine's log). */
  readonly firePassMs: readonly number[];
  readonly firstRoutingMs: number | null;
  readonly lastRoutingMs: number | null;
  /** `routing` events seen: every crossed order once, and none of the others. */
  readonly fired: number;
  readonly firedOutsideCrossing: number;
  /** Crossing orders the market's own drift fired before the move (the scenario's limits sit clear of it: expect 0). */
  readonly firedBeforeMove: number;
  readonly cpuMsDuringMove: number;
}

type Post = (target: Target, path: string, body: unknown) => Promise<any>;
const post: Post = async (target, path, body) => {
  const response = await fetch(`${target.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};
const spot = async (target: Target) => (await (await fetch(`${target.baseUrl}/api/quote?inputToken=SOL&outputToken=USDC&amount=0.01`)).json()).route;

export async function triggerScenario(
  env: Record<string, string>,
  databaseUrl: string,
  counts: { resting: number; crossing: number },
  log: (text: string) => void,
): Promise<TriggerScenarioResult> {
  // The engines run with NODE_ENV=production: the scenario moves prices through the simulation's control endpoint.
  env = { ...env, SIM_CONTROL: 'on' };
  // 1. Learn how far one outside buy on Raydium lifts the best SOL price, then undo it.
  const { venue, before, lifted } = await measureLift(await Target.engine(env));
  log(`triggers: SOL/USDC ${before} on ${venue}; ${LIFT_USDC} USDC bought there lifts it to ${lifted}`);

  // 2. The resting orders, written straight into the store: `crossing` limits inside the lift, the rest far above it.
  await seed(databaseUrl, counts, before, lifted);

  // 3. A fresh engine indexes them at boot; then one outside buy moves the pool.
  const started = performance.now();
  // Its log says when each pass fired how many orders (LOG_LEVEL=log; the pass's own duration is in the line).
  const fires: { at: number; count: number; passMs: number }[] = [];
  const engine = await Target.engine({ ...env, LOG_LEVEL: 'log' }, undefined, (line) => {
    const fired = /fired (\d+) resting order\(s\) in (\d+) ms/.exec(line);
    if (fired) fires.push({ at: performance.now(), count: Number(fired[1]), passMs: Number(fired[2]) });
  });
  try {
    const bootMs = Math.round(performance.now() - started);
    // Idle means after the boot's own work (the first sort of the index, the garbage of loading it) has settled.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleFrom = [engine.cpuMs(), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idleCpuMsPerSecond = Math.round(((engine.cpuMs() - idleFrom[0]) / (performance.now() - idleFrom[1])) * 1000);
    log(`triggers: ${counts.resting} resting orders indexed at boot in ${bootMs} ms; idle, the engine uses ${idleCpuMsPerSecond} ms CPU per s`);

    const socket = new WebSocket(engine.wsUrl);
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    const routed: number[] = [];
    let [outside, early, moving] = [0, 0, false];
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.event !== 'order.status' || frame.status !== 'routing') return;
      if (!isCrossingAmount(frame.data.route.amountIn, counts.crossing)) outside++;
      else if (!moving) early++;
      else routed.push(performance.now());
    });
    socket.send(JSON.stringify({ event: 'subscribe', data: { orderId: '*' } }));
    await new Promise((resolve) => socket.once('message', resolve));

    const cpuBefore = engine.cpuMs();
    const movedAt = performance.now();
    fires.length = 0;
    moving = true;
    await post(engine, '/api/simulation/swaps', { venue, inputToken: 'USDC', outputToken: 'SOL', amount: LIFT_USDC });
    const deadline = Date.now() + 60_000;
    while (routed.length + early < counts.crossing && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const cpuMsDuringMove = engine.cpuMs() - cpuBefore;
    // Anything that fires late (or should not fire) shows up within another second.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    socket.close();
    const at = (i: number) => (routed[i] === undefined ? null : Math.round(routed[i] - movedAt));
    return {
      ...counts,
      bootMs,
      idleCpuMsPerSecond,
      lastFireMs: lastFire(fires, counts.crossing - early, movedAt),
      firePasses: fires.length,
      firePassMs: fires.map((fire) => fire.passMs),
      firstRoutingMs: at(0),
      lastRoutingMs: at(counts.crossing - early - 1),
      fired: routed.length + early + outside,
      firedOutsideCrossing: outside,
      firedBeforeMove: early,
      cpuMsDuringMove,
    };
  } finally {
    await engine.stop();
  }
}

async function measureLift(probe: Target): Promise<{ venue: string; before: number; lifted: number }> {
  try {
    // Raydium's constant-product pool moves predictably with size; the spot is the best venue's, whichever it is.
    const venue = 'raydium';
    const bought = await post(probe, '/api/simulation/swaps', { venue, inputToken: 'USDC', outputToken: 'SOL', amount: LIFT_USDC });
    const lifted = (await spot(probe)).price as number;
    await post(probe, '/api/simulation/swaps', { venue, inputToken: 'SOL', outputToken: 'USDC', amount: (Number(bought.amountOut) / 1e9).toFixed(9) });
    return { venue, before: (await spot(probe)).price as number, lifted };
  } finally {
    await probe.stop();
  }
}

/** When the passes had fired `crossing` orders in all, in ms after `movedAt`. */
function lastFire(fires: readonly { at: number; count: number }[], crossing: number, movedAt: number): number | null {
  let total = 0;
  for (const fire of fires) {
    total += fire.count;
    if (total >= crossing) return Math.round(fire.at - movedAt);
  }
  return null;
}

async function seed(databaseUrl: string, counts: { resting: number; crossing: number }, before: number, lifted: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Crossing limits spread over 20–60% of the lift (clear of the market's drift before and after the move);
    // the others between 5% and 300% above the lifted price.
    const [low, high] = [before + (lifted - before) * 0.2, before + (lifted - before) * 0.6];
    const details = (status: string) =>
      status === 'pending'
        ? `jsonb_build_object('type', 'limit', 'side', 'sell', 'inputToken', '{"symbol":"SOL","mint":"${SOL.mint}","decimals":9}'::jsonb,
             'outputToken', '{"symbol":"USDC","mint":"${USDC.mint}","decimals":6}'::jsonb, 'amountIn', amount::text, 'slippageBps', 50,
             'limitPrice', price, 'maxPrice', null, 'expiresAt', null)`
        : `jsonb_build_object('reason', 'seeded by the bench', 'limitPrice', price, 'maxPrice', null, 'bestPrice', null, 'gapBps', null, 'expiresAt', null)`;
    await client.query(
      `WITH seeded AS (
         SELECT gen_random_uuid() AS id, i,
           CASE WHEN i <= $1::int THEN $2::numeric + i ELSE 1000000000 END AS amount,
           round(CASE WHEN i <= $1::int THEN $3::numeric + ($4::numeric - $3::numeric) * i / $1::int
                      ELSE $5::numeric * (1.05 + 2.95 * i / $6::int) END, 4)::text AS price
         FROM generate_series(1, $6::int) AS i),
       orders_in AS (
         INSERT INTO orders (id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol, output_decimals,
           amount_in, slippage_bps, status, limit_price, attempts, last_seq, created_at, updated_at)
         SELECT id, 'limit', 'sell', '${SOL.mint}', 'SOL', 9, '${USDC.mint}', 'USDC', 6, amount, 50, 'waiting', price, 1, 2, now(), now() FROM seeded)
       INSERT INTO order_events (order_id, seq, status, attempt, at, details)
       SELECT id, 1, 'pending', 0, now(), ${details('pending')} FROM seeded
       UNION ALL SELECT id, 2, 'waiting', 1, now(), ${details('waiting')} FROM seeded`,
      [counts.crossing, `${CROSSING_AMOUNT}`, low, high, lifted, counts.resting],
    );
  } finally {
    await client.end();
  }
}
