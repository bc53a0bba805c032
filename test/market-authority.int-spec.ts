import { generateKeyPairSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { SolanaClient } from '../src/chain/solana-client.js';
import { MarketAuthority } from '../src/local-market/market-authority.js';
import { FaultyRpc } from './support/faulty-rpc.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import { testConfig } from './support/test-app.js';

/** Short slots: a blockhash (150 blocks) expires in about 3 s. */
const SLOT_MS = 20;
const AMOUNT = 1_234_567n;

/** The local market's setup transactions on a real local network, behind a proxy that loses sends or notifications. */
describe('MarketAuthority.send', () => {
  let solana: TestSolana;
  let proxy: FaultyRpc;
  let proxied: MarketAuthority;
  let direct: SolanaClient;

  const clientOn = (network: { readonly rpcUrl: string; readonly wsUrl: string }) =>
    new SolanaClient(testConfig('redis://unused', { CHAIN: 'solana', SOLANA_RPC_URL: network.rpcUrl, SOLANA_WS_URL: network.wsUrl }));

  beforeAll(async () => {
    solana = await startTestSolana(SLOT_MS);
    proxy = await FaultyRpc.start(solana);
    direct = clientOn(solana);
    proxied = new MarketAuthority(clientOn(proxy));
    await new MarketAuthority(direct).topUp();
  });

  afterEach(() => Object.assign(proxy, { dropSends: 0, dropNotifications: false, hideStatuses: 0, processedStatuses: 0, sends: 0 }));
  afterAll(async () => {
    await proxy?.close();
    await solana?.stop();
  });

  /** Sends a transfer of AMOUNT to a new account through the proxy; what that account then holds. */
  const sendTransfer = async (): Promise<bigint> => {
    const [source, destination] = await Promise.all([proxied.get(), generateKeyPairSigner()]);
    await proxied.send([getTransferSolInstruction({ source, destination: destination.address, amount: AMOUNT })]);
    return (await direct.rpc.getBalance(destination.address, { commitment: 'confirmed' }).send()).value;
  };

  it('builds a transaction again once its blockhash expired unlanded, and it lands once', async () => {
    proxy.dropSends = 1;
    await expect(sendTransfer()).resolves.toBe(AMOUNT);
    expect(proxy.sends).toBe(2);
  }, 30_000);

  it('sends nothing again when the transaction landed and its confirmation never came', async () => {
    // Neither a notification nor the status read right after the send tell it landed: its blockhash expires first.
    Object.assign(proxy, { dropNotifications: true, hideStatuses: 1 });
    await expect(sendTransfer()).resolves.toBe(AMOUNT);
    expect(proxy.sends).toBe(1);
  }, 30_000);

  it('waits for a transaction the network holds only as processed once its blockhash expired, sending nothing beside it', async () => {
    Object.assign(proxy, { dropNotifications: true, hideStatuses: 1, processedStatuses: 2 });
    await expect(sendTransfer()).resolves.toBe(AMOUNT);
    expect(proxy.sends).toBe(1);
    expect(proxy.processedStatuses).toBe(0);
  }, 30_000);
});
