import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { address, createKeyPairSignerFromPrivateKeyBytes, type Address, type KeyPairSigner } from '@solana/kit';
import { encodeBase58 } from '../common/base58.js';

/** What a key of the local market is for: the mint of a registry token, the authority that made the market, or a venue pool's authority (owner of its vaults). */
export type MarketKey =
  { readonly kind: 'mint'; readonly symbol: string } | { readonly kind: 'authority' } | { readonly kind: 'pool'; readonly poolId: string };

/** An Ed25519 private key's PKCS #8 wrapping, before its 32 bytes: lets Node derive the public key synchronously. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const label = (key: MarketKey): string => (key.kind === 'mint' ? `mint/${key.symbol.toUpperCase()}` : key.kind === 'pool' ? `pool/${key.poolId}` : 'authority');

function seedOf(key: MarketKey): Buffer {
  return createHash('sha256')
    .update(`order-execution-engine/local-market/${label(key)}`)
    .digest();
}

/**
 * The local market's keys follow from their names alone, so every engine process, and every restart of the local
 * network, finds the same mints at the same addresses without sharing a file. Anyone can derive them: they guard
 * nothing but a local network's test tokens, and no key of this kind is used on any other cluster.
 */
export function marketSigner(key: MarketKey): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(seedOf(key)));
}

const addresses = new Map<string, Address>();

/**
 * The address of `marketSigner(key)`, without WebCrypto's promise: a mint is looked up on every request and a
 * pool's authority on every swap, so each is derived once (the market has a few dozen keys).
 */
export function marketAddress(key: MarketKey): Address {
  const name = label(key);
  let known = addresses.get(name);
  // Stryker disable next-line ConditionalExpression: deriving again gives the same address; the memory only saves CPU
  if (!known) {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seedOf(key)]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    known = address(encodeBase58(spki.subarray(spki.length - 32)));
    addresses.set(name, known);
  }
  return known;
}
