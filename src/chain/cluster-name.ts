/** The public clusters, by their genesis hashes. */
const KNOWN_CLUSTERS: Readonly<Record<string, string>> = {
  '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d': 'mainnet-beta',
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG: 'devnet',
  '4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY': 'testnet',
};

/** Which cluster a genesis hash is: a public one by name, a network on this machine `localnet`, any other `custom`. */
export function clusterName(genesisHash: string, rpcUrl: string): string {
  const known = KNOWN_CLUSTERS[genesisHash];
  if (known) return known;
  return isLocalRpc(rpcUrl) ? 'localnet' : 'custom';
}

/** A network on this machine (its RPC on a loopback address): one the engine may fund wallets on and set up. */
export function isLocalRpc(rpcUrl: string): boolean {
  const host = new URL(rpcUrl).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
