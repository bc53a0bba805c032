// `npm run market-gaps -- [--url http://localhost:3000] [--seconds 180]`: how far apart a running engine's venues
// quote, sampled from GET /api/quote every 2 s: the gap between the two venues' prices (fees and impact included),
// in bps, per pair and size, as a distribution. docs/performance.md ("The market") has the figures.
import { argValue } from './cli-args.js';
import { percentile } from './percentile.js';

const USAGE = `Usage: npm run market-gaps -- [--url http://localhost:3000] [--seconds 180] [--api-key KEY]`;
const CASES = [
  ['SOL', 'USDC', '1'],
  ['SOL', 'USDC', '100'],
  ['JUP', 'USDC', '1000'],
  ['BONK', 'SOL', '100000000'],
] as const;
const SAMPLE_EVERY_MS = 2_000;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void console.log(USAGE);
  const base = argValue(argv, 'url', process.env.API_URL ?? 'http://localhost:3000');
  const seconds = Number(argValue(argv, 'seconds', '180'));
  const apiKey = argValue(argv, 'api-key', process.env.API_KEY ?? '');
  const headers: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : {};
  const gaps = new Map<string, number[]>(CASES.map((c) => [c.join(' '), []]));
  for (const end = Date.now() + seconds * 1_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS))) {
    for (const [input, output, amount] of CASES) {
      const response = await fetch(`${base}/api/quote?inputToken=${input}&outputToken=${output}&amount=${amount}`, { headers });
      const prices = ((await response.json()) as { quotes?: { price?: number }[] }).quotes?.flatMap((q) => (q.price ? [q.price] : [])) ?? [];
      if (prices.length === 2) gaps.get([input, output, amount].join(' '))!.push(Math.abs(Math.log(prices[0] / prices[1])) * 10_000);
    }
  }
  console.log('venue gap, bps (|ln(raydium / meteora)|), per pair and amount in:');
  for (const [pair, values] of gaps) {
    const at = (p: number) => percentile(values, p).toFixed(1);
    console.log(`  ${pair.padEnd(20)} n=${values.length}  p10 ${at(10)} · p50 ${at(50)} · p90 ${at(90)} · max ${at(100)}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
