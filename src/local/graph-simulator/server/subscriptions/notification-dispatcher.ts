/**
 * Outbound notification delivery. Items wait until due (plus a short batch window), then items due for the
 * same URL and kind go out together as one `{ value: [...] }` POST (3 s timeout). A non-2xx answer, a timeout or a connection error
 * puts the items back with exponential backoff until the maximum retry duration (Graph: 4 hours), after which
 * they are dropped. Timers run on wall time: receivers see real delays.
 */
import type { Logger } from '../../../../app/ports.js';
import type { NotificationStats } from '../simulator-stats.js';

/** Timings of delivery; tests compress them. */
export interface DeliveryTimings {
  /** Timeout of one POST (Graph: 3 s). */
  readonly timeoutMs: number;
  /** Delay before the first retry; doubles per attempt. */
  readonly initialRetryDelayMs: number;
  /** Upper bound of one retry delay. */
  readonly maxRetryDelayMs: number;
  /** How long after the first attempt an item is still retried (Graph: 4 h). */
  readonly maxRetryDurationMs: number;
  /** Most items in one POST. */
  readonly maxBatchSize: number;
  /**
   * How long a new item waits for others to join its POST (Graph batches changes made together). Optional
   * so callers that set only some timings keep the default.
   */
  readonly batchWindowMs?: number;
}

/** Default batch window: short against Graph's own delays, long enough to gather one burst of writes. */
export const defaultBatchWindowMs = 50;

/** Graph-like defaults. */
export const realDeliveryTimings: DeliveryTimings = {
  timeoutMs: 3_000,
  initialRetryDelayMs: 30_000,
  maxRetryDelayMs: 30 * 60_000,
  maxRetryDurationMs: 4 * 60 * 60_000,
  maxBatchSize: 100,
};

/** One notification item for one URL. */
export interface OutboundNotification {
  readonly url: string;
  /** Change and lifecycle notifications never share a POST. */
  readonly kind: 'change' | 'lifecycle';
  readonly item: Readonly<Record<string, unknown>>;
  /** Wall-clock milliseconds when the item may be sent. */
  readonly dueAt: number;
}

interface QueuedItem extends OutboundNotification {
  readonly firstQueuedAt: number;
  readonly attempts: number;
  dueAt: number;
}

/** Queues and delivers notifications. */
export interface NotificationDispatcher {
  enqueue(notification: OutboundNotification): void;
  /** Items waiting (not in flight). */
  pendingCount(): number;
  /** Stops timers and aborts POSTs in flight; queued items are discarded. */
  close(): void;
}

/** Creates a dispatcher counting outcomes into `stats`. */
export function createNotificationDispatcher(
  timings: DeliveryTimings,
  stats: NotificationStats,
  logger: Logger,
): NotificationDispatcher {
  let queue: QueuedItem[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const shutdown = new AbortController();

  let scheduledFor = Number.POSITIVE_INFINITY;
  const scheduleAt = (dueAt: number): void => {
    if (closed || (timer !== undefined && scheduledFor <= dueAt)) return;
    if (timer !== undefined) clearTimeout(timer);
    scheduledFor = dueAt;
    timer = setTimeout(flush, Math.max(0, dueAt - Date.now()));
  };

  const flush = (): void => {
    timer = undefined;
    scheduledFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due = queue.filter((item) => item.dueAt <= now);
    queue = queue.filter((item) => item.dueAt > now);
    const groups = new Map<string, QueuedItem[]>();
    for (const item of due) {
      const groupKey = `${item.kind} ${item.url}`;
      const group = groups.get(groupKey) ?? [];
      group.push(item);
      groups.set(groupKey, group);
    }
    for (const group of groups.values()) {
      for (let start = 0; start < group.length; start += timings.maxBatchSize) {
        void post(group.slice(start, start + timings.maxBatchSize));
      }
    }
    if (queue.length > 0)
      scheduleAt(queue.reduce((earliest, item) => Math.min(earliest, item.dueAt), Infinity));
  };

  const post = async (items: readonly QueuedItem[]): Promise<void> => {
    const first = items[0];
    if (first === undefined) return;
    stats.posts += 1;
    let ok = false;
    try {
      const response = await fetch(first.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: items.map((item) => item.item) }),
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timings.timeoutMs), shutdown.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      ok = response.status >= 200 && response.status < 300;
    } catch {
      ok = false;
    }
    if (closed) return;
    if (ok) {
      stats.delivered += items.length;
      return;
    }
    stats.failed += items.length;
    const now = Date.now();
    for (const item of items) {
      const attempts = item.attempts + 1;
      const delay = Math.min(timings.maxRetryDelayMs, timings.initialRetryDelayMs * 2 ** (attempts - 1));
      if (now + delay - item.firstQueuedAt > timings.maxRetryDurationMs) {
        stats.dropped += 1;
        logger.warn('Graph simulator dropped a notification after the maximum retry duration', {
          kind: item.kind,
          attempts,
        });
        continue;
      }
      stats.retried += 1;
      queue.push({ ...item, attempts, dueAt: now + delay });
      scheduleAt(now + delay);
    }
  };

  return {
    enqueue: (notification) => {
      if (closed) return;
      stats.queued += 1;
      queue.push({ ...notification, firstQueuedAt: Date.now(), attempts: 0 });
      scheduleAt(notification.dueAt + (timings.batchWindowMs ?? defaultBatchWindowMs));
    },
    pendingCount: () => queue.length,
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue = [];
      shutdown.abort();
    },
  };
}
