/** Where the default seed of `npm run graph-sim` and of the tests lives, and how to load it. */
import { fileURLToPath } from 'node:url';
import { loadSimulatorSeed, type SimulatorSeed } from './seed.js';

/** Absolute path of default-seed.yaml (four tenants, the `xtsync` app in each). */
export const defaultSeedPath = fileURLToPath(new URL('./default-seed.yaml', import.meta.url));

/** Loads and validates the default seed; each call returns a fresh copy that callers may change. */
export function loadDefaultSeed(): Promise<SimulatorSeed> {
  return loadSimulatorSeed(defaultSeedPath);
}
