/**
 * Measures the Graph simulator's directory engine at scale: generates 100,000 users in one tenant and
 * prints the generation time, the heap used, and the mean time per page of `GET /users` (unfiltered and
 * filtered), of an initial `/users/delta` round and of a change round.
 *
 * Run: npx tsx scripts/bench-simulator-directory.ts [userCount]
 * (add `--expose-gc` before the script for a heap figure taken after a full garbage collection).
 */
import { performance } from 'node:perf_hooks';
import { createSimulatedDirectories } from '../src/local/graph-simulator/directory/simulated-directories.js';
import { createSimulatorClock } from '../src/local/graph-simulator/directory/simulator-clock.js';
import { parseSimulatorSeed } from '../src/local/graph-simulator/seed.js';

const userCount = Number(process.argv[2] ?? 100_000);
const pages = 200;

function heapMb(): string {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
}

function perPage(label: string, count: number, read: () => void): void {
  const start = performance.now();
  for (let i = 0; i < count; i++) read();
  console.log(`${label.padEnd(42)} ${((performance.now() - start) / count).toFixed(3)} ms/page`);
}

const seed = parseSimulatorSeed({
  tenants: [
    {
      key: 'bench',
      tenantId: '0b0b0b0b-0000-4000-8000-000000000001',
      displayName: 'Bench',
      defaultDomain: 'bench.onmicrosoft.com',
      verifiedDomains: ['bench.example'],
    },
  ],
});
const directories = createSimulatedDirectories(seed, { clock: createSimulatorClock() });
const tenant = directories.tenant('bench');
if (tenant === undefined) throw new Error('bench tenant missing');
const heapBefore = heapMb();
const latest = tenant.delta({ kind: 'initial', latest: true, unsupportedOptions: [] }).deltaToken ?? '';

const generationStart = performance.now();
directories.generateUsers('bench', userCount);
console.log(
  `generated ${tenant.userCount()} users in ${(performance.now() - generationStart).toFixed(0)} ms`,
);
console.log(`heap used: ${heapMb()} MB (${heapBefore} MB before generation)`);

const plain = { consistencyLevelEventual: false, top: 100 };
let list = tenant.listUsers(plain);
perPage('GET /users (100 per page)', pages, () => {
  list = tenant.listUsers({ ...plain, skipToken: list.nextSkipToken });
});
const filter = "startsWith(displayName,'Zoe') and department eq 'Sales'";
let filtered = tenant.listUsers({ ...plain, filter });
perPage('GET /users $filter (scan, 100 per page)', 10, () => {
  filtered = tenant.listUsers({ ...plain, filter, skipToken: filtered.nextSkipToken });
});
perPage("GET /users $filter=mail eq '…' (index)", pages, () => {
  tenant.listUsers({ consistencyLevelEventual: false, filter: "mail eq 'zoe.smith.1000@bench.example'" });
});

const select = ['displayName', 'mail', 'department', 'jobTitle', 'accountEnabled', 'userType'];
let delta = tenant.delta({ kind: 'initial', latest: false, unsupportedOptions: [], select });
perPage('/users/delta initial round (100 per page)', pages, () => {
  delta = tenant.delta({ kind: 'skipToken', token: delta.nextSkipToken ?? '', preferMinimal: false });
});
let changes = tenant.delta({ kind: 'deltaToken', token: latest, preferMinimal: false });
perPage('/users/delta change round (100 per page)', pages, () => {
  changes = tenant.delta({ kind: 'skipToken', token: changes.nextSkipToken ?? '', preferMinimal: false });
});
