/**
 * Delta and skip tokens of `/users/delta`: opaque base64url states bound to their tenant, carrying the
 * round's `$select` and id filter, a watermark into the change log, the epoch they were issued in and
 * when. `expireDeltaTokens` starts a new epoch; older tokens then fail the way that epoch ended.
 */
import { z } from 'zod';
import type { DeltaExpiryMode } from './contract.js';
import { GraphHttpError } from '../graph-http-error.js';
import { badRequest } from './directory-errors.js';
import { decodeToken, encodeToken } from './opaque-token.js';

/** How long Graph keeps directory delta state. */
export const deltaTokenLifetimeMs = 7 * 24 * 60 * 60 * 1000;

const watermarkSchema = z.object({
  /** First change-log entry that was not visible. */
  w: z.number().int().min(0),
  /** Change-log length. */
  h: z.number().int().min(0),
  /** Simulator time. */
  at: z.number(),
});

/** Which changes a round has accounted for: those before `w`, and those before `h` visible at `at`. */
export type Watermark = z.infer<typeof watermarkSchema>;

const baseFields = {
  v: z.literal(1),
  t: z.string(),
  e: z.number().int().min(0),
  i: z.number(),
  s: z.array(z.string()).optional(),
  f: z.array(z.string()).optional(),
};

const tokenSchema = z.discriminatedUnion('m', [
  z.object({ ...baseFields, m: z.literal('delta'), to: watermarkSchema }),
  z.object({
    ...baseFields,
    m: z.literal('initial'),
    list: z.enum(['users', 'deleted', 'ids']),
    pos: z.number().int().min(0),
    to: watermarkSchema,
  }),
  z.object({
    ...baseFields,
    m: z.literal('changes'),
    from: watermarkSchema,
    pos: z.number().int().min(0),
    to: watermarkSchema,
  }),
]);

/** The decoded state of a delta token (`m: delta`) or of a skip token within a round. */
export type DeltaTokenState = z.infer<typeof tokenSchema>;

/** Tracks the token epoch of one tenant and how each past epoch ended. */
export class DeltaEpochs {
  private readonly endings: DeltaExpiryMode[] = [];

  /** The epoch new tokens are issued in. */
  get current(): number {
    return this.endings.length;
  }

  /** Ends the current epoch; its tokens will fail as `mode` says. */
  expire(mode: DeltaExpiryMode): void {
    this.endings.push(mode);
  }

  /** How tokens of `epoch` fail, or undefined while the epoch is current. */
  endingOf(epoch: number): DeltaExpiryMode | undefined {
    return this.endings[epoch];
  }
}

/** Encodes a token state. */
export function encodeDeltaToken(state: DeltaTokenState): string {
  return encodeToken(state);
}

/** The errors of an expired token, per mode. */
export function deltaTokenExpired(mode: DeltaExpiryMode): GraphHttpError {
  if (mode === 'gone')
    return new GraphHttpError(
      410,
      'resyncRequired',
      'The delta state was reset; discard the delta link and restart with the initial request in the Location header.',
      { Location: '/users/delta?$deltatoken=' },
    );
  return new GraphHttpError(
    400,
    'syncStateNotFound',
    'The sync state for this delta token could not be found (it expired); start a new initial delta round.',
  );
}

/**
 * Decodes a token presented to `tenantId` at `now`.
 * @throws GraphHttpError 400 `BadRequest` when malformed or issued by another tenant; 410 `resyncRequired`
 *   or 400 `syncStateNotFound` when its epoch was expired; 400 `syncStateNotFound` when older than 7 days.
 */
export function decodeDeltaToken(
  token: string,
  tenantId: string,
  epochs: DeltaEpochs,
  now: number,
): DeltaTokenState {
  const state = decodeToken(token, tokenSchema);
  if (state === undefined || state.e > epochs.current) throw badRequest('The delta token is malformed.');
  if (state.t !== tenantId) throw badRequest('The delta token was issued for another tenant.');
  const ending = epochs.endingOf(state.e);
  if (ending !== undefined) throw deltaTokenExpired(ending);
  if (now - state.i > deltaTokenLifetimeMs) throw deltaTokenExpired('syncStateNotFound');
  return state;
}
