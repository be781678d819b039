/**
 * {@link BusEntityProbe} on the local stack's in-process bus, for `xtsync doctor`: an entity is reachable
 * when the bus declares it (from `XTSYNC_TARGETS`, as infra/ would create it) and is open.
 */
import { busEntityPath, type BusEntityProbe, type ProbeResult } from '../../app/doctor-ports.js';
import { isSyncError } from '../../core/sync-errors.js';
import type { InProcessBus } from './in-process-bus.js';

/** Builds the probe on the local stack's bus. */
export function createInProcessBusProbe(bus: InProcessBus): BusEntityProbe {
  return {
    async probeEntity(entity): Promise<ProbeResult> {
      const path = busEntityPath(entity);
      try {
        if (entity.kind === 'topic') {
          // Sending nothing finds the topic (or throws) without routing a message.
          await bus.send(entity.name, []);
          return { ok: true, detail: `The in-process bus declares topic ${path}.` };
        }
        if (entity.kind === 'queue') await bus.send(entity.name, []);
        const waiting = bus.peek(path).length;
        return {
          ok: true,
          detail: `The in-process bus declares ${entity.kind} ${path} (${waiting} message${waiting === 1 ? '' : 's'} waiting).`,
        };
      } catch (error) {
        if (isSyncError(error, 'CONFIG.INVALID')) {
          return { ok: false, problem: 'missing', message: error.message };
        }
        const message = isSyncError(error) ? error.message : `Could not probe ${path}.`;
        return { ok: false, problem: 'unreachable', message };
      }
    },
  };
}
