import { descending } from './descending.js';

describe('descending', () => {
  it('sorts amounts from the largest down, keeping equal ones in their order', () => {
    expect([descending(2n, 1n), descending(1n, 2n), descending(5n, 5n)]).toEqual([-1, 1, 0]);
    const items = [
      { id: 'a', amount: 1n },
      { id: 'b', amount: 3n },
      { id: 'c', amount: 1n },
      { id: 'd', amount: 3n },
    ];
    expect([...items].sort((x, y) => descending(x.amount, y.amount)).map((item) => item.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
