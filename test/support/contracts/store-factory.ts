import type { Clock } from '../../../src/app/ports.js';

/** What a contract suite asks of the store under test: its clock and the page size of paged lists. */
export interface StoreContractOptions {
  readonly clock: Clock;
  readonly pageSize: number;
}

/** Builds a fresh, empty store for one test. */
export type StoreFactory<T> = (options: StoreContractOptions) => Promise<T>;

/** A clock that stays where it is set. */
export function aFixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next) => {
      now = new Date(next);
    },
  };
}
