/**
 * The control API over HTTP under `/_simulator` (loopback only, no token), mirroring
 * {@link SimulatorControl}:
 *
 * - `GET|PATCH /_simulator/knobs`
 * - `GET|POST|DELETE /_simulator/faults`, `DELETE /_simulator/faults/{id}`
 * - `POST /_simulator/tenants/{tenant}/expire-delta-tokens` `{ mode: 'gone' | 'syncStateNotFound' }`
 * - `POST /_simulator/tenants/{tenant}/generate-users` `{ count }`
 * - `POST /_simulator/subscriptions/{id}/lifecycle-events` `{ lifecycleEvent? }`
 * - `POST /_simulator/clock/advance` `{ ms }`
 * - `GET|DELETE /_simulator/stats`
 */
import { z } from 'zod';
import { GraphHttpError } from '../../graph-http-error.js';
import { faultRuleInputSchema } from '../fault-injector.js';
import { knobsPatchSchema } from '../simulator-knobs.js';
import type { SimulatorControl } from './simulator-control.js';

/** A control API answer (JSON body, or none for 204). */
export interface ControlReply {
  readonly status: number;
  readonly body?: unknown;
}

const expireSchema = z.strictObject({ mode: z.enum(['gone', 'syncStateNotFound']) });
const generateSchema = z.strictObject({ count: z.number().int().min(1).max(1_000_000) });
const lifecycleSchema = z.strictObject({
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']).optional(),
});
const advanceSchema = z.strictObject({ ms: z.number().min(0) });

/** Answers `/_simulator/...`; `segments` exclude `_simulator`. */
export function handleControlRequest(
  control: SimulatorControl,
  method: string,
  segments: readonly string[],
  body: unknown,
): ControlReply {
  try {
    return route(control, method, segments, body);
  } catch (error) {
    if (error instanceof GraphHttpError) {
      return { status: error.status, body: { error: { code: error.code, message: error.message } } };
    }
    if (error instanceof z.ZodError) {
      return { status: 400, body: { error: { code: 'BadRequest', message: z.prettifyError(error) } } };
    }
    throw error;
  }
}

function route(
  control: SimulatorControl,
  method: string,
  segments: readonly string[],
  body: unknown,
): ControlReply {
  const [resource, id, action] = segments;
  const at = `${method} /_simulator/${segments.join('/')}`;
  switch (resource) {
    case 'knobs':
      if (method === 'GET' && id === undefined) return { status: 200, body: control.knobs() };
      if (method === 'PATCH' && id === undefined)
        return { status: 200, body: control.setKnobs(knobsPatchSchema.parse(body)) };
      break;
    case 'faults':
      if (method === 'GET' && id === undefined) return { status: 200, body: { value: control.faults() } };
      if (method === 'POST' && id === undefined)
        return { status: 201, body: control.addFault(faultRuleInputSchema.parse(body)) };
      if (method === 'DELETE' && id === undefined) {
        control.clearFaults();
        return { status: 204 };
      }
      if (method === 'DELETE' && id !== undefined) {
        return control.removeFault(id) ? { status: 204 } : notFound(`No fault rule '${id}'.`);
      }
      break;
    case 'tenants':
      if (method === 'POST' && id !== undefined && action === 'expire-delta-tokens') {
        control.expireDeltaTokens(id, expireSchema.parse(body).mode);
        return { status: 204 };
      }
      if (method === 'POST' && id !== undefined && action === 'generate-users') {
        control.generateUsers(id, generateSchema.parse(body).count);
        return { status: 204 };
      }
      break;
    case 'subscriptions':
      if (method === 'POST' && id !== undefined && action === 'lifecycle-events') {
        control.triggerLifecycleEvent(id, lifecycleSchema.parse(body ?? {}).lifecycleEvent);
        return { status: 202 };
      }
      break;
    case 'clock':
      if (method === 'POST' && id === 'advance') {
        control.advanceClock(advanceSchema.parse(body).ms);
        return { status: 204 };
      }
      break;
    case 'stats':
      if (method === 'GET' && id === undefined) return { status: 200, body: control.stats() };
      if (method === 'DELETE' && id === undefined) {
        control.resetStats();
        return { status: 204 };
      }
      break;
    default:
      break;
  }
  return notFound(`No control operation ${at}.`);
}

function notFound(message: string): ControlReply {
  return { status: 404, body: { error: { code: 'NotFound', message } } };
}
