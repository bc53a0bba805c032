import { testOrderStore } from '../../test/support/database.js';
import { InMemoryOrderStore } from '../../test/support/in-memory-order-store.js';
import { orderStoreContract } from '../../test/support/order-store-contract.js';

/** The in-memory order store the unit tests use keeps the contract the SQL store keeps (test/order-repository.int-spec.ts). */
describe('the in-memory order store', () => {
  let store = new InMemoryOrderStore();
  beforeEach(() => {
    store = new InMemoryOrderStore();
    // Every contract test asserts something of the store: one that asserted nothing would fail here.
    expect.hasAssertions();
  });
  orderStoreContract(() => testOrderStore(store, store));
});
