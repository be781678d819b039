/** How a client's disposition of a delivery settles the locked message, Service Bus style. */
import rhea, { type Delivery } from 'rhea';
import type { BrokerEntity } from './broker-entity.js';

/** A disposition state as rhea unwraps it. */
interface RemoteOutcome {
  readonly constructor: { readonly composite_type?: string };
  readonly undeliverable_here?: boolean;
  readonly message_annotations?: Record<string, unknown>;
  readonly error?: { readonly condition?: unknown; readonly info?: Record<string, unknown> };
  described(): unknown;
}

/** rhea's outcome constructors, which its typings leave out. */
const outcomes = rhea.message as unknown as { rejected(fields: object): { described(): unknown } };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Applies the client's outcome to the message locked under `lockToken` and settles the delivery with the
 * same outcome (the SDK waits for that settled disposition). accepted = complete; modified = abandon, or
 * defer when undeliverable here; rejected with `com.microsoft:dead-letter` = dead-letter with its reason
 * and description; anything else = abandon.
 */
export function settleDelivery(entity: BrokerEntity, lockToken: string, delivery: Delivery): void {
  const state = delivery.remote_state as RemoteOutcome | undefined;
  const outcome = state?.constructor.composite_type;
  if (outcome === 'accepted') {
    entity.complete(lockToken);
  } else if (outcome === 'modified' && state?.undeliverable_here === true) {
    entity.defer(lockToken);
  } else if (outcome === 'rejected' && state?.error?.condition === 'com.microsoft:dead-letter') {
    const info = state.error.info ?? {};
    entity.deadLetterLocked(lockToken, text(info.DeadLetterReason), text(info.DeadLetterErrorDescription));
  } else {
    entity.abandon(lockToken, outcome === 'modified' ? state?.message_annotations : undefined);
  }
  // A rejection goes back without its error: the SDK would raise it as a failed dead-lettering.
  const echo = outcome === 'rejected' ? outcomes.rejected({}) : state;
  delivery.update(true, echo?.described());
}
