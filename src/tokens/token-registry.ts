import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { TokenView } from '../contracts/order-lifecycle.js';
import { DEFAULT_TOKENS, type Token } from './token.js';

/** Resolves a symbol (case-insensitive) or a mint address to a known token. */
@Injectable()
export class TokenRegistry {
  private readonly bySymbol = new Map<string, Token>();
  private readonly byMint = new Map<string, Token>();

  constructor(@Optional() config?: AppConfig) {
    for (const token of [...DEFAULT_TOKENS, ...(config?.tokens.extra ?? [])]) this.add(token);
  }

  add(token: Token): void {
    this.bySymbol.set(token.symbol.toUpperCase(), token);
    if (!this.byMint.has(token.mint)) this.byMint.set(token.mint, token);
  }

  resolve(symbolOrMint: string): Token | undefined {
    return this.byMint.get(symbolOrMint) ?? this.bySymbol.get(symbolOrMint.toUpperCase());
  }

  all(): readonly Token[] {
    return [...this.bySymbol.values()];
  }

  symbols(): string[] {
    return this.all().map((t) => t.symbol);
  }
}

export const toTokenView = (token: TokenView): TokenView => ({
  symbol: token.symbol,
  mint: token.mint,
  decimals: token.decimals,
});
