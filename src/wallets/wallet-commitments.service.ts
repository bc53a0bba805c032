import { Injectable } from '@nestjs/common';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';
import { committedOf, judgeFunds, type Commitment, type FundsNeeded, type FundsVerdict, type WalletHoldings } from './spendable-funds.js';

/**
 * How long a commitment counts: longer than any transaction can stay in flight (a blockhash lives 151 blocks,
 * about 60–90 s on mainnet), so one a crashed worker left behind lapses on its own.
 */
export const COMMITMENT_TTL_MS = 120_000;
/** How often a check that waits on the wallet's orders in flight looks whether one of them settled. */
const SETTLED_POLL_MS = 100;

/**
 * Records a commitment, numbered after every one recorded before it, unless a commitment was released on the
 * wallet since the caller's snapshot (its version: the balance it read may be stale then), and drops the expired
 * ones it names. Returns every commitment of the wallet (nil when stale). KEYS: commitments (hash id →
 * `seq:commitment`), version, the commitment's owner, the sequence. ARGV: expected version, id, commitment, TTL ms,
 * wallet, expired ids….
 */
const COMMIT_SCRIPT = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return false end
local seq = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], ARGV[2], seq .. ':' .. ARGV[3])
for i = 6, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
for i = 1, 4 do if i ~= 3 then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end end
redis.call('SET', KEYS[3], ARGV[5], 'PX', ARGV[4])
return redis.call('HGETALL', KEYS[1])
`;

/** The version and the commitments, read together. KEYS: commitments, version. */
const SNAPSHOT_SCRIPT = `
return { redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1]) }
`;

/** Gives a commitment back. KEYS: commitments, version, the commitment's owner. ARGV: id. */
const RELEASE_SCRIPT = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then redis.call('INCR', KEYS[2]) end
redis.call('DEL', KEYS[3])
return 1
`;

export type CommitOutcome = Exclude<FundsVerdict, { kind: 'committed' }>;

/**
 * What each wallet's orders in flight will spend, shared by every worker process (Redis): an order commits its
 * input and its SOL for fees and rent before its transaction is signed, and gives them back once it landed
 * (the balance shows it then), failed or expired. An order is checked against the balance the network reports
 * less what the wallet's other orders committed, so two orders the wallet can pay for only one of never both
 * get sent: the second waits for the first to settle, then goes or fails with INSUFFICIENT_FUNDS.
 */
@Injectable()
export class WalletCommitments {
  private readonly redis: RedisClient;

  constructor(private readonly connections: RedisConnections) {
    this.redis = connections.create('wallet-commitments');
  }

  /**
   * Commits what the order needs under `id` when the wallet can pay for it beside its orders in flight, reading the
   * holdings afresh each round (a release between the read and the record means another round: the balance read
   * may not show what the released order spent). Orders committing at once do not hold one another up. `short`
   * when the holdings alone cannot pay.
   */
  async commit(wallet: string, id: string, needed: FundsNeeded, holdings: () => Promise<WalletHoldings>): Promise<CommitOutcome> {
    for (;;) {
      const { version, commitments } = await this.snapshot(wallet);
      const held = await holdings();
      const now = Date.now();
      const before = judgeFunds(needed, held, committedOf([...commitments.values()], needed.mint, now));
      if (before.kind === 'short') return before;
      if (before.kind === 'committed') {
        await this.changedOrLapsed(wallet, version, earliestDeadline(commitments, now));
        continue;
      }
      const expired = [...commitments].filter(([, commitment]) => commitment.deadline <= now).map(([key]) => key);
      const recorded = await this.record(wallet, id, { ...needed, deadline: now + COMMITMENT_TTL_MS }, version, expired);
      if (!recorded) continue;
      // Orders of the wallet committing at once are checked in the order Redis recorded them: each against the
      // balance less every commitment ahead of it, so two that fit only one at a time never both go.
      const seq = recorded.get(id)!.seq;
      const ahead = [...recorded.values()].filter((commitment) => commitment.seq < seq);
      const verdict = judgeFunds(needed, held, committedOf(ahead, needed.mint, now));
      if (verdict.kind === 'enough') return verdict;
      await this.release(id);
      if (verdict.kind === 'short') return verdict;
    }
  }

  async release(id: string): Promise<void> {
    const wallet = await this.redis.get(this.ownerKey(id));
    if (wallet === null) return;
    await this.redis.eval(RELEASE_SCRIPT, 3, this.commitmentsKey(wallet), this.versionKey(wallet), this.ownerKey(id), id);
  }

  /** The wallet's live and lapsed commitments, by id. */
  async of(wallet: string): Promise<Map<string, RecordedCommitment>> {
    return (await this.snapshot(wallet)).commitments;
  }

  private async snapshot(wallet: string): Promise<{ version: string; commitments: Map<string, RecordedCommitment> }> {
    const [version, entries] = (await this.redis.eval(SNAPSHOT_SCRIPT, 2, this.commitmentsKey(wallet), this.versionKey(wallet))) as [string, string[]];
    return { version, commitments: decodeAll(entries) };
  }

  /** Every commitment of the wallet once this one is recorded; undefined when one was released since `version`. */
  private async record(
    wallet: string,
    id: string,
    commitment: Commitment,
    version: string,
    expired: string[],
  ): Promise<Map<string, RecordedCommitment> | undefined> {
    const keys = [this.commitmentsKey(wallet), this.versionKey(wallet), this.ownerKey(id), this.connections.key('wallet-commitments-seq', wallet)];
    const args = [version, id, encode(commitment), String(COMMITMENT_TTL_MS), wallet, ...expired];
    const entries = (await this.redis.eval(COMMIT_SCRIPT, keys.length, ...keys, ...args)) as string[] | null;
    return entries === null ? undefined : decodeAll(entries);
  }

  /** Until a commitment is released on the wallet, or the earliest one lapses. */
  private async changedOrLapsed(wallet: string, version: string, until: number): Promise<void> {
    while (Date.now() < until && (await this.version(wallet)) === version) {
      await new Promise((resolve) => setTimeout(resolve, SETTLED_POLL_MS));
    }
  }

  private async version(wallet: string): Promise<string> {
    return (await this.redis.get(this.versionKey(wallet))) ?? '0';
  }

  private commitmentsKey(wallet: string): string {
    return this.connections.key('wallet-commitments', wallet);
  }

  private versionKey(wallet: string): string {
    return this.connections.key('wallet-commitments-version', wallet);
  }

  private ownerKey(id: string): string {
    return this.connections.key('wallet-commitment-owner', id);
  }
}

/** A commitment with its place among the wallet's: recorded after every one with a lower `seq`. */
interface RecordedCommitment extends Commitment {
  readonly seq: number;
}

const earliestDeadline = (commitments: Map<string, Commitment>, now: number): number =>
  Math.min(...[...commitments.values()].map((commitment) => commitment.deadline).filter((deadline) => deadline > now));

const encode = ({ lamports, mint, tokens, deadline }: Commitment): string => `${lamports}:${mint ?? ''}:${tokens}:${deadline}`;

function decode(value: string): RecordedCommitment {
  const [seq, lamports, mint, tokens, deadline] = value.split(':');
  return { seq: Number(seq), lamports: BigInt(lamports), ...(mint ? { mint } : {}), tokens: BigInt(tokens), deadline: Number(deadline) };
}

function decodeAll(entries: readonly string[]): Map<string, RecordedCommitment> {
  const commitments = new Map<string, RecordedCommitment>();
  for (let i = 0; i < entries.length; i += 2) commitments.set(entries[i], decode(entries[i + 1]));
  return commitments;
}
