/**
 * AppServices for entry-point tests: the methods a test gives, and every other method rejecting with a
 * clear error, so a trigger that calls what it should not fails the test loudly. Built with a Proxy so new
 * AppServices methods need no change here.
 */
import type { AppServices, AppServicesProvider } from '../../src/app/app-services.js';

/** A provider of AppServices that implements only `methods`. */
export function stubAppServices(methods: Partial<AppServices>): AppServicesProvider {
  const services = new Proxy(methods, {
    get(target, name) {
      const method = (target as Record<string | symbol, unknown>)[name];
      if (method !== undefined || typeof name === 'symbol' || name === 'then') return method;
      return () => Promise.reject(new Error(`AppServices.${name} was not expected in this test`));
    },
  }) as AppServices;
  return () => Promise.resolve(services);
}
