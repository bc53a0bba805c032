import type { Token } from '../tokens/token.js';

const SYMBOL = /^[A-Za-z0-9]{1,12}$/;
const MINT = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/**
 * EXTRA_TOKENS: a JSON array of `{ "symbol", "mint", "decimals", "name"?, "referenceUsd"? }`.
 * With `referenceUsd`, the simulated venues list the token against USDC and SOL.
 */
export function parseExtraTokens(json: string | undefined): Token[] | { problem: string } {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { problem: 'EXTRA_TOKENS must be a JSON array' };
  }
  if (!Array.isArray(raw)) return { problem: 'EXTRA_TOKENS must be a JSON array' };
  const tokens: Token[] = [];
  for (const [i, entry] of raw.entries()) {
    const { symbol, mint, decimals, name, referenceUsd } = (entry ?? {}) as Record<string, unknown>;
    const where = `EXTRA_TOKENS[${i}]`;
    if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) return { problem: `${where}.symbol must be 1–12 letters or digits` };
    if (typeof mint !== 'string' || !MINT.test(mint)) return { problem: `${where}.mint must be a base58 address` };
    if (!Number.isInteger(decimals) || (decimals as number) < 0 || (decimals as number) > 18) {
      return { problem: `${where}.decimals must be an integer from 0 to 18` };
    }
    if (referenceUsd !== undefined && !(typeof referenceUsd === 'number' && referenceUsd > 0)) {
      return { problem: `${where}.referenceUsd must be a positive number` };
    }
    tokens.push({
      symbol: symbol.toUpperCase(),
      name: typeof name === 'string' ? name : symbol,
      mint,
      decimals: decimals as number,
      native: false,
      referenceUsd: (referenceUsd as number | undefined) ?? 0,
    });
  }
  return tokens;
}
