import { statement } from './statement.js';

describe('statement', () => {
  const find = statement<{ id: string }>()('find', ['id', 'status'], (p) => `SELECT * FROM t WHERE status = ${p.status} AND id = ${p.id}`);

  it('numbers the parameters in the order they are declared, wherever the text uses them', () => {
    expect(find.text).toBe('SELECT * FROM t WHERE status = $2 AND id = $1');
  });

  it('gives the values in that order, by name', () => {
    expect(find.values({ status: 'waiting', id: 'a' })).toEqual(['a', 'waiting']);
  });
});
