const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Five base-58 digits per limb: small enough that limb × 256 + carry stays exact in a double. */
const LIMB = 58 ** 5;

/** Base58 (Bitcoin alphabet), the encoding of Solana signatures and addresses. */
export function encodeBase58(bytes: Uint8Array): string {
  // Carried byte by byte in limbs, least significant first: every order's signature is encoded, and a BigInt
  // per digit made this a visible share of the engine's allocations.
  const limbs: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < limbs.length; i++) {
      carry += limbs[i] * 256;
      limbs[i] = carry % LIMB;
      carry = Math.floor(carry / LIMB);
    }
    for (; carry > 0; carry = Math.floor(carry / LIMB)) limbs.push(carry % LIMB);
  }
  const digits: number[] = [];
  for (const limb of limbs) for (let i = 0, rest = limb; i < 5; i++, rest = Math.floor(rest / 58)) digits.push(rest % 58);
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
  let encoded = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) encoded += '1';
  for (let i = digits.length - 1; i >= 0; i--) encoded += ALPHABET[digits[i]];
  return encoded;
}

export function decodeBase58(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`not base58: ${char}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  const leadingOnes = text.length - text.replace(/^1+/, '').length;
  return Uint8Array.from([...new Array<number>(leadingOnes).fill(0), ...bytes]);
}
