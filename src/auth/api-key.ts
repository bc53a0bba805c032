/** A configured API key: who it is (the owner of the orders it places) and whether it is an operator's. */
export interface ApiKey {
  readonly name: string;
  readonly key: string;
  readonly admin: boolean;
}

/** Who is calling: a key's name, or no one in particular when the engine runs open (then every order is visible). */
export interface Principal {
  /** null when the engine runs open (no API_KEYS). */
  readonly name: string | null;
  /** Sees and follows every order: an operator key, or anyone when the engine runs open. */
  readonly admin: boolean;
}

export const OPEN_PRINCIPAL: Principal = { name: null, admin: true };

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY = /^[\x21-\x2b\x2d-\x39\x3b-\x7e]{16,256}$/; // printable, no ',' or ':'

/** `API_KEYS`: `name:key` or `name:key:admin`, comma-separated; every problem named (never the key itself). */
export function parseApiKeys(text: string | undefined): ApiKey[] | { problem: string } {
  if (text === undefined || text.trim() === '') return [];
  const keys: ApiKey[] = [];
  for (const [index, entry] of text.split(',').entries()) {
    const [name, key, role, ...rest] = entry.trim().split(':');
    const where = `API_KEYS entry ${index + 1}`;
    if (!name || !NAME.test(name)) return { problem: `${where}: the name must be 1-64 letters, digits, '_', '.' or '-' (format name:key or name:key:admin)` };
    if (!key || !KEY.test(key)) return { problem: `${where} (${name}): the key must be 16-256 printable characters without ',' or ':'` };
    if ((role !== undefined && role !== 'admin') || rest.length > 0) return { problem: `${where} (${name}): after the key only ":admin" may follow` };
    if (keys.some((k) => k.name === name)) return { problem: `${where}: the name ${name} is used twice` };
    if (keys.some((k) => k.key === key)) return { problem: `${where} (${name}): the same key is given to two names` };
    keys.push({ name, key, admin: role === 'admin' });
  }
  return keys;
}
