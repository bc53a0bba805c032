import { clusterName } from './cluster-name.js';

describe('clusterName', () => {
  it('names the public clusters by their genesis hash, wherever their RPC is', () => {
    expect(clusterName('5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d', 'https://rpc.provider.example')).toBe('mainnet-beta');
    expect(clusterName('EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG', 'http://127.0.0.1:8899')).toBe('devnet');
    expect(clusterName('4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY', 'https://api.testnet.solana.com')).toBe('testnet');
  });

  it('calls any other network on this machine localnet, and one elsewhere custom', () => {
    for (const url of ['http://127.0.0.1:8899', 'http://localhost:8899', 'http://[::1]:8899']) expect(clusterName('J3aSeJgF', url)).toBe('localnet');
    expect(clusterName('J3aSeJgF', 'http://10.0.0.5:8899')).toBe('custom');
  });
});
