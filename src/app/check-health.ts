/**
 * Health of one running xtsync: each dependency probed with a cheap call and a short time limit, so
 * `GET /api/health` tells an operator (or a load balancer) what is down without waiting on it.
 */

export type HealthStatus = 'healthy' | 'unhealthy';

export interface DependencyHealth {
  readonly name: string;
  readonly status: HealthStatus;
  readonly durationMs: number;
  readonly detail?: string;
}

export interface HealthReport {
  readonly status: 'healthy' | 'degraded';
  readonly checkedAt: string;
  readonly dependencies: readonly DependencyHealth[];
}

/** A named probe: resolves when the dependency answers, rejects (or times out) when it does not. */
export interface HealthProbe {
  readonly name: string;
  probe(): Promise<string | undefined>;
}

/** Runs every probe in parallel, each bounded by `timeoutMs`. */
export async function checkHealth(
  probes: readonly HealthProbe[],
  now: () => Date,
  timeoutMs = 3_000,
): Promise<HealthReport> {
  const dependencies = await Promise.all(
    probes.map(async (probe): Promise<DependencyHealth> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const detail = await Promise.race([
          probe.probe(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              reject(new Error(`no answer within ${timeoutMs} ms`));
            }, timeoutMs);
          }),
        ]);
        return {
          name: probe.name,
          status: 'healthy',
          durationMs: Date.now() - started,
          ...(detail ? { detail } : {}),
        };
      } catch (error) {
        // The endpoint is anonymous: say that it failed and how, never the dependency's own error text.
        const timedOut = error instanceof Error && error.message.startsWith('no answer within');
        return {
          name: probe.name,
          status: 'unhealthy',
          durationMs: Date.now() - started,
          detail: timedOut ? `no answer within ${timeoutMs} ms` : 'not reachable or refused the call',
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    status: dependencies.every((d) => d.status === 'healthy') ? 'healthy' : 'degraded',
    checkedAt: now().toISOString(),
    dependencies,
  };
}
