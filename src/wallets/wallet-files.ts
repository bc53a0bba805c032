import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyPairSignerFromBytes, generateKeyPairSigner, writeKeyPairSigner, type KeyPairSigner } from '@solana/kit';

/**
 * Custodial wallets as Solana CLI keypair files (a JSON array of the 64 secret and public key bytes, mode 0600):
 * `keys/<API key name>.json`, and `open.json` for the one wallet of an engine that runs open. An operator may put
 * a file there before the engine first uses it; the engine never logs or returns its contents.
 */
export class WalletFiles {
  constructor(private readonly dir: string) {}

  /** The owner's wallet, made (with a new keypair) when it has none; `created` says which. */
  async load(owner: string | null): Promise<{ signer: KeyPairSigner; created: boolean }> {
    const file = this.path(owner);
    if (existsSync(file))
      return { signer: await createKeyPairSignerFromBytes(new Uint8Array(JSON.parse(readFileSync(file, 'utf8')) as number[])), created: false };
    mkdirSync(join(this.dir, 'keys'), { recursive: true, mode: 0o700 });
    const signer = await generateKeyPairSigner(true);
    try {
      await writeKeyPairSigner(signer, file);
    } catch (error) {
      // Another engine process wrote it first: theirs is the wallet.
      if (existsSync(file)) return this.load(owner);
      throw error;
    }
    return { signer, created: true };
  }

  /** API key names are letters, digits, `_`, `.` and `-` (checked at boot): safe file names under keys/. */
  private path(owner: string | null): string {
    return owner === null ? join(this.dir, 'open.json') : join(this.dir, 'keys', `${owner}.json`);
  }
}
