/**
 * One Graph client per tenant, each with its own cached credential: tokens are cached per credential
 * instance, so building a credential per call would fetch a token per call.
 */
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { DirectoryProvider, UserDirectory } from '../../app/ports.js';
import { SyncError } from '../../core/sync-errors.js';
import { createTenantCredential, type TenantCredentialOptions } from './graph-credentials.js';
import { parseRetryAfter } from './graph-retry-after.js';
import { createGraphUserDirectory } from './graph-user-directory.js';
import { createWritePacers, type WritePacer, type WritePacers } from './graph-write-pacer.js';
import { WritePacingHandler } from './graph-write-pacing.js';

/** The public Graph endpoint; any other base URL's host is added to the client's `customHosts`. */
export const defaultGraphBaseUrl = 'https://graph.microsoft.com/';

const graphScopes = ['https://graph.microsoft.com/.default'];

/** How the SDK's RetryHandler retries 429/503/504 inside one call, before xtsync's own (bus) retry. */
export interface GraphRetryOptions {
  /** Retries per call, at most 10 (SDK limit). Default 3. */
  readonly maxRetries?: number;
  /** Base delay in seconds when Graph sends no Retry-After. Default 3. */
  readonly delaySeconds?: number;
  /**
   * Longest Retry-After (seconds) waited for in-process. A longer one surfaces at once as a retryable
   * SyncError carrying `retryAfterMs`, so a Function does not sleep for minutes. Default 30.
   */
  readonly maxRetryAfterSeconds?: number;
}

/** Settings shared by every tenant's client. */
export interface GraphClientOptions extends TenantCredentialOptions {
  /** Graph root, default `https://graph.microsoft.com/`; must be https (the SDK sends no token over http). */
  readonly graphBaseUrl?: string;
  readonly retry?: GraphRetryOptions;
  /**
   * Write pacing per tenant (graph-write-pacer.ts), shared by every client of the process so concurrent
   * apply calls spend one quota together. A client pool makes its own registry when none is given.
   */
  readonly writePacers?: WritePacers;
}

/** Anything that hands out the cached Graph client of a tenant. */
export interface GraphClientSource {
  /** @throws SyncError `CONFIG.INVALID` naming the tenant when it has no auth config. */
  clientFor(tenantId: string): Client;
}

/** Options of {@link createGraphDirectoryProvider}. */
export interface GraphDirectoryProviderOptions extends GraphClientOptions {
  /** Auth config (see `tenantAuthConfigSchema`) by tenant id. */
  readonly tenants: Readonly<Record<string, unknown>>;
  /** Name of the anchor directory extension, `extension_<appId>_xtsyncSourceAnchor`. */
  readonly anchorAttribute: string;
}

/** A {@link DirectoryProvider} that also gives the raw clients (subscriptions, `$batch`). */
export type GraphDirectoryProvider = DirectoryProvider & GraphClientSource;

/**
 * Builds a Graph client for one credential: the SDK's default middleware chain with a configured
 * RetryHandler that honours Retry-After, and — given the tenant's `writePacer` — write pacing after it, so
 * every attempt waits for its slot in the tenant's write quota.
 *
 * @throws SyncError `CONFIG.INVALID` for a base URL that is not https.
 */
export function createGraphClient(
  credential: TokenCredential,
  options: GraphClientOptions = {},
  writePacer?: WritePacer,
): Client {
  const baseUrl = resolveGraphBaseUrl(options.graphBaseUrl);
  const retry = options.retry ?? {};
  const maxWaitMs = (retry.maxRetryAfterSeconds ?? 30) * 1000;
  const authentication = new AuthenticationHandler(
    new TokenCredentialAuthenticationProvider(credential, { scopes: graphScopes }),
  );
  const retryHandler = new RetryHandler(
    new RetryHandlerOptions(
      retry.delaySeconds ?? 3,
      retry.maxRetries ?? 3,
      (_delay, _attempt, _request, _options, response) => {
        const wait = parseRetryAfter(response.headers.get('Retry-After'));
        return wait === undefined || wait <= maxWaitMs;
      },
    ),
  );
  const redirect = new RedirectHandler(new RedirectHandlerOptions());
  const telemetry = new TelemetryHandler();
  authentication.setNext(retryHandler);
  if (writePacer === undefined) {
    retryHandler.setNext(redirect);
  } else {
    const pacing = new WritePacingHandler(writePacer, maxWaitMs);
    retryHandler.setNext(pacing);
    pacing.setNext(redirect);
  }
  redirect.setNext(telemetry);
  telemetry.setNext(new HTTPMessageHandler());
  const host = new URL(baseUrl).hostname;
  return Client.initWithMiddleware({
    middleware: authentication,
    baseUrl,
    defaultVersion: 'v1.0',
    // Host names only: the SDK attaches the token to https URLs of Graph hosts or of these.
    ...(baseUrl === defaultGraphBaseUrl ? {} : { customHosts: new Set([host]) }),
  });
}

/**
 * Gives one cached credential and client per tenant; every tenant's auth config is validated up front.
 *
 * @throws SyncError `CONFIG.INVALID` listing every tenant whose configuration is wrong.
 */
export function createGraphClientPool(
  tenants: Readonly<Record<string, unknown>>,
  options: GraphClientOptions = {},
): GraphClientSource {
  resolveGraphBaseUrl(options.graphBaseUrl);
  const credentials = new Map<string, TokenCredential>();
  const problems: string[] = [];
  for (const [tenantId, auth] of Object.entries(tenants)) {
    try {
      const configured: unknown = (auth as { tenantId?: unknown } | null)?.tenantId;
      if (typeof configured === 'string' && configured !== tenantId) {
        throw new SyncError(
          'CONFIG.INVALID',
          `Invalid Graph credential configuration for tenant ${tenantId}: tenantId: the config names another tenant (${configured})`,
        );
      }
      credentials.set(tenantId, createTenantCredential(auth, options));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) {
    throw new SyncError('CONFIG.INVALID', problems.join('\n'), { details: { tenants: problems.length } });
  }
  const clients = new Map<string, Client>();
  const pacers = options.writePacers ?? createWritePacers();
  return {
    clientFor(tenantId) {
      const cached = clients.get(tenantId);
      if (cached !== undefined) return cached;
      const credential = credentials.get(tenantId);
      if (credential === undefined) {
        throw new SyncError(
          'CONFIG.INVALID',
          `No Graph credential is configured for tenant ${tenantId}; add it to the topology's tenants`,
          { details: { tenantId } },
        );
      }
      const client = createGraphClient(credential, options, pacers.forTenant(tenantId));
      clients.set(tenantId, client);
      return client;
    },
  };
}

/**
 * Builds the {@link DirectoryProvider} over Microsoft Graph: one cached credential, client and
 * {@link UserDirectory} per tenant.
 *
 * @throws SyncError `CONFIG.INVALID` for invalid settings (at once) or an unknown tenant (on `forTenant`).
 */
export function createGraphDirectoryProvider(options: GraphDirectoryProviderOptions): GraphDirectoryProvider {
  const pool = createGraphClientPool(options.tenants, options);
  const directories = new Map<string, UserDirectory>();
  return {
    clientFor: (tenantId) => pool.clientFor(tenantId),
    forTenant(tenantId) {
      let directory = directories.get(tenantId);
      if (directory === undefined) {
        directory = createGraphUserDirectory({
          tenantId,
          client: pool.clientFor(tenantId),
          anchorAttribute: options.anchorAttribute,
        });
        directories.set(tenantId, directory);
      }
      return directory;
    },
  };
}

/**
 * Normalises the Graph base URL to `https://host[:port]/`.
 *
 * @throws SyncError `CONFIG.INVALID` naming `graphBaseUrl (GRAPH_BASE_URL)`.
 */
export function resolveGraphBaseUrl(value: string | undefined): string {
  if (value === undefined) return defaultGraphBaseUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SyncError('CONFIG.INVALID', 'graphBaseUrl (GRAPH_BASE_URL): not a URL');
  }
  if (url.protocol !== 'https:') {
    throw new SyncError(
      'CONFIG.INVALID',
      'graphBaseUrl (GRAPH_BASE_URL): must use https (the Graph client sends no token over http)',
    );
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new SyncError(
      'CONFIG.INVALID',
      'graphBaseUrl (GRAPH_BASE_URL): give the root only, e.g. https://graph.microsoft.com/ (no version or path)',
    );
  }
  return `${url.origin}/`;
}
