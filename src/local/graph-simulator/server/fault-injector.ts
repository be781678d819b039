/**
 * Fault rules: errors injected before a Graph handler runs, matched by tenant, method and path prefix,
 * firing with a probability or a fixed number of times. 429 and 503 carry Retry-After, like Graph's.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GraphHttpError } from '../graph-http-error.js';
import { graphError } from './graph-exchange.js';

/** A fault rule as callers give it (validated with zod at the control boundary). */
export const faultRuleInputSchema = z.strictObject({
  tenantId: z.string().min(1).optional(),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .transform((method) => method.toUpperCase())
    .optional(),
  /** Matched against the path after `/v1.0`, e.g. `/users` or `/invitations`. */
  pathPrefix: z.string().startsWith('/').optional(),
  status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal(504)]),
  /** Chance (0..1) that a matching call fails; ignored when `count` is given. */
  probability: z.number().min(0).max(1).optional(),
  /** The next `count` matching calls fail, then the rule is removed. */
  count: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().min(0).optional(),
});

/** Input of {@link FaultInjector.add}. */
export type FaultRuleInput = z.input<typeof faultRuleInputSchema>;

/** A stored rule with its id and, for counted rules, the failures left. */
export type FaultRule = z.output<typeof faultRuleInputSchema> & { readonly id: string; remaining?: number };

/** Holds the fault rules and decides, per call, whether one fires. */
export interface FaultInjector {
  add(input: FaultRuleInput): FaultRule;
  list(): readonly FaultRule[];
  remove(id: string): boolean;
  clear(): void;
  /** The error to answer instead of running the handler, or undefined. */
  inject(tenantId: string, method: string, path: string): GraphHttpError | undefined;
}

const faultCodes: Record<FaultRule['status'], [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['generalException', 'An unexpected error occurred (injected fault).'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a timely response (injected fault).'],
};

/** Creates an injector drawing chances from `random` (seedable, so runs are reproducible). */
export function createFaultInjector(random: () => number): FaultInjector {
  let rules: FaultRule[] = [];
  return {
    add: (input) => {
      const parsed = faultRuleInputSchema.parse(input);
      const rule: FaultRule = {
        ...parsed,
        id: randomUUID(),
        ...(parsed.count === undefined ? {} : { remaining: parsed.count }),
      };
      rules.push(rule);
      return rule;
    },
    list: () => rules.map((rule) => ({ ...rule })),
    remove: (id) => {
      const before = rules.length;
      rules = rules.filter((rule) => rule.id !== id);
      return rules.length < before;
    },
    clear: () => {
      rules = [];
    },
    inject: (tenantId, method, path) => {
      const lowerPath = path.toLowerCase();
      const rule = rules.find(
        (r) =>
          (r.tenantId === undefined || r.tenantId.toLowerCase() === tenantId.toLowerCase()) &&
          (r.method === undefined || r.method === method) &&
          (r.pathPrefix === undefined || lowerPath.startsWith(r.pathPrefix.toLowerCase())) &&
          (r.remaining !== undefined || r.probability === undefined || random() < r.probability),
      );
      if (rule === undefined) return undefined;
      if (rule.remaining !== undefined) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule);
      }
      const [code, message] = faultCodes[rule.status];
      const headers: Record<string, string> =
        rule.status === 429 || rule.status === 503
          ? { 'Retry-After': String(rule.retryAfterSeconds ?? 1) }
          : {};
      return graphError(rule.status, code, message, headers);
    },
  };
}
