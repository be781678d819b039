/**
 * The few places the broker reaches into rhea's links beyond its typings: credit counters, attach fields
 * answered per link, and drain handling that rhea leaves incomplete for a server.
 */
import rhea, { type Sender } from 'rhea';

/** Fields rhea keeps on a link without typing them. */
interface LinkInternals {
  credit: number;
  delivery_count: number;
  _draining: boolean;
  _drained: boolean;
  _get_drain(): boolean;
  local: { attach: { properties?: unknown; snd_settle_mode?: number; rcv_settle_mode?: number } };
  connection: { _register(): void };
}

function internals(sender: Sender): LinkInternals {
  return sender as unknown as LinkInternals;
}

/** Credit the peer granted plus deliveries already counted against it; invariant under transfers and drains. */
export function grantedCredit(sender: Sender): number {
  return internals(sender).credit + internals(sender).delivery_count;
}

/** .NET ticks as the 8-byte long Service Bus puts in `com.microsoft:locked-until-utc`. */
function toTicks(date: Date): ReturnType<typeof rhea.types.wrap_long> {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(date.getTime()) * 10_000n + 621_355_968_000_000_000n);
  return rhea.types.wrap_long(bytes);
}

/**
 * Completes our half of a receive link's attach: the settle modes the client asked for, the session lock
 * expiry when a session was locked, and a drain answer rhea would skip: rhea answers a drain only while
 * credit is left, yet a receiver whose credit ran out exactly still waits for it (the SDK then closes the
 * receiver after its drain timeout).
 */
export function completeAttach(sender: Sender, sessionLockedUntil: Date | undefined): void {
  const link = internals(sender);
  link.local.attach.snd_settle_mode = sender.snd_settle_mode;
  link.local.attach.rcv_settle_mode = sender.rcv_settle_mode;
  if (sessionLockedUntil !== undefined) {
    link.local.attach.properties = { 'com.microsoft:locked-until-utc': toTicks(sessionLockedUntil) };
  }
  link._get_drain = () => {
    if (!link._draining || !link._drained) return false;
    link.delivery_count += link.credit;
    link.credit = 0;
    link._drained = false;
    return true;
  };
}

/** Answers a drain now: set_drained only marks the flow as due, which otherwise waits for other traffic. */
export function answerDrain(sender: Sender): void {
  sender.set_drained(true);
  internals(sender).connection._register();
}
