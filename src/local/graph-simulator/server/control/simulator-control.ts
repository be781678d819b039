/**
 * The simulator's control surface, in process (`simulator.control`) and over HTTP under `/_simulator`:
 * knobs, fault rules, delta-token expiry, lifecycle events, the clock, generated users, stats, and test
 * tokens. Tenants may be named by key or id.
 */
import type { DeltaExpiryMode, SimulatedDirectories, TenantDirectory } from '../../directory/contract.js';
import type { RegisteredApp } from '../authority/app-registry.js';
import { servicePrincipalId } from '../authority/app-registry.js';
import type { IssueTokenOptions, TokenSigner } from '../authority/token-signer.js';
import type { FaultInjector, FaultRule, FaultRuleInput } from '../fault-injector.js';
import { graphError } from '../graph-exchange.js';
import type { KnobsPatch, ServerKnobs, SimulatorKnobs } from '../simulator-knobs.js';
import { directoryKnobsOf, knobsPatchSchema, serverKnobsOf } from '../simulator-knobs.js';
import type { SimulatorStats, SimulatorStatsSnapshot } from '../simulator-stats.js';
import type { NotificationDispatcher } from '../subscriptions/notification-dispatcher.js';
import type { SubscriptionStore } from '../subscriptions/subscription-store.js';

/** Lifecycle events Graph sends (only `reauthorizationRequired` exists for users in real Graph). */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Options of {@link SimulatorControl.issueAccessToken}. */
export interface TestTokenOptions extends IssueTokenOptions {
  /** Tenant key or id. */
  readonly tenant: string;
  readonly clientId: string;
  /** Overrides the roles of the app's service principal. */
  readonly roles?: readonly string[];
}

/** Everything a test or operator may change at run time. */
export interface SimulatorControl {
  knobs(): SimulatorKnobs;
  /** Applies a partial update (validated) and returns every knob. */
  setKnobs(patch: KnobsPatch): SimulatorKnobs;
  /** Adds a fault rule; `tenantId` may be a tenant key. */
  addFault(rule: FaultRuleInput): FaultRule;
  faults(): readonly FaultRule[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Makes every delta token issued so far in the tenant fail the way `mode` says. */
  expireDeltaTokens(tenant: string, mode: DeltaExpiryMode): void;
  /** POSTs a lifecycle notification to the subscription's lifecycle URL (with the usual retries). */
  triggerLifecycleEvent(subscriptionId: string, lifecycleEvent?: LifecycleEvent): void;
  /** Moves the simulator clock forward (subscription expiry, engine time). */
  advanceClock(ms: number): void;
  generateUsers(tenant: string, count: number): void;
  stats(): SimulatorStatsSnapshot;
  resetStats(): void;
  /** Mints an access token directly (in process only): expired, wrong-audience or role-limited tokens for tests. */
  issueAccessToken(options: TestTokenOptions): Promise<string>;
}

/** Collaborators of the control surface. */
export interface SimulatorControlOptions {
  readonly directories: SimulatedDirectories;
  readonly serverKnobs: ServerKnobs;
  readonly faults: FaultInjector;
  readonly stats: SimulatorStats;
  readonly store: SubscriptionStore;
  readonly dispatcher: NotificationDispatcher;
  readonly signer: TokenSigner;
  readonly findApp: (clientId: string) => RegisteredApp | undefined;
  readonly advanceClock: (ms: number) => void;
}

/** Creates the control surface. */
export function createSimulatorControl(options: SimulatorControlOptions): SimulatorControl {
  const { directories, serverKnobs } = options;
  const tenantOf = (idOrKey: string): TenantDirectory => {
    const tenant = directories.tenant(idOrKey);
    if (tenant === undefined) throw graphError(404, 'NotFound', `Unknown tenant '${idOrKey}'.`);
    return tenant;
  };
  const knobs = (): SimulatorKnobs => ({ ...directories.knobs, ...serverKnobs });
  return {
    knobs,
    setKnobs: (patch) => {
      const parsed = knobsPatchSchema.safeParse(patch);
      if (!parsed.success) throw graphError(400, 'BadRequest', `Invalid knobs: ${parsed.error.message}`);
      const next = { ...knobs(), ...parsed.data };
      if (next.latencyMinMs > next.latencyMaxMs) {
        throw graphError(400, 'BadRequest', 'latencyMinMs must not exceed latencyMaxMs.');
      }
      Object.assign(directories.knobs, directoryKnobsOf(parsed.data));
      Object.assign(serverKnobs, serverKnobsOf(parsed.data));
      return knobs();
    },
    addFault: (rule) => {
      const tenantId = rule.tenantId === undefined ? undefined : tenantOf(rule.tenantId).tenantId;
      return options.faults.add({ ...rule, ...(tenantId === undefined ? {} : { tenantId }) });
    },
    faults: () => options.faults.list(),
    removeFault: (id) => options.faults.remove(id),
    clearFaults: () => {
      options.faults.clear();
    },
    expireDeltaTokens: (tenant, mode) => {
      tenantOf(tenant).expireDeltaTokens(mode);
    },
    triggerLifecycleEvent: (subscriptionId, lifecycleEvent = 'reauthorizationRequired') => {
      const subscription = options.store.get(subscriptionId);
      if (subscription === undefined)
        throw graphError(404, 'NotFound', `Unknown subscription '${subscriptionId}'.`);
      if (subscription.lifecycleNotificationUrl === undefined) {
        throw graphError(
          400,
          'BadRequest',
          `Subscription '${subscriptionId}' has no lifecycleNotificationUrl.`,
        );
      }
      options.dispatcher.enqueue({
        url: subscription.lifecycleNotificationUrl,
        kind: 'lifecycle',
        dueAt: Date.now(),
        item: {
          subscriptionId: subscription.id,
          subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
          tenantId: subscription.tenantId,
          clientState: subscription.clientState ?? null,
          lifecycleEvent,
        },
      });
      if (lifecycleEvent === 'subscriptionRemoved') options.store.remove(subscription.id);
    },
    advanceClock: (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw graphError(400, 'BadRequest', 'ms must be a non-negative number.');
      options.advanceClock(ms);
    },
    generateUsers: (tenant, count) => {
      if (!Number.isInteger(count) || count < 1)
        throw graphError(400, 'BadRequest', 'count must be a positive integer.');
      directories.generateUsers(tenantOf(tenant).tenantId, count);
    },
    stats: () => options.stats.snapshot(),
    resetStats: () => {
      options.stats.reset();
    },
    issueAccessToken: (tokenOptions) => {
      const tenantId = tenantOf(tokenOptions.tenant).tenantId.toLowerCase();
      const app = options.findApp(tokenOptions.clientId);
      const roles = tokenOptions.roles ?? app?.rolesByTenant.get(tenantId) ?? [];
      const appId = tokenOptions.clientId.toLowerCase();
      return options.signer.issue(
        { tenantId, appId, servicePrincipalId: servicePrincipalId(appId, tenantId), roles },
        tokenOptions,
      );
    },
  };
}
