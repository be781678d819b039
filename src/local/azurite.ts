/**
 * Starts the Table service of Azurite (from node_modules) as a child process on loopback, for the local stack
 * and the tests. Telemetry is always off: Azurite otherwise reports to Application Insights.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

/** Options for {@link startAzurite}. */
export interface AzuriteOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Keep all data in memory (lost on stop); otherwise persist under `location`. */
  readonly inMemory?: boolean;
  /** Workspace folder when not in memory; default `.local/azurite` under the current directory. */
  readonly location?: string;
  /** Hide Azurite's console output and access log. */
  readonly silent?: boolean;
  /** How long to wait for Azurite to answer. */
  readonly startTimeoutMs?: number;
}

/** A running Azurite Table service. */
export interface RunningAzurite {
  /** Connection string for `@azure/data-tables` (well-known development account, explicit TableEndpoint). */
  readonly connectionString: string;
  /** `http://127.0.0.1:<port>/devstoreaccount1`. */
  readonly tableEndpoint: string;
  readonly port: number;
  /** Stops Azurite (gracefully, then by force) and resolves once the process is gone; idempotent. */
  stop(): Promise<void>;
}

// Azurite's published development account; not a secret (docs: "Use the Azurite emulator").
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const STDERR_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;
const PORT_ATTEMPTS = 3;

// Preloaded into the child. Whenever this process ends (normal exit, uncaught exception, SIGINT/SIGTERM,
// even SIGKILL) the OS closes the IPC channel, and the child then stops Azurite itself (SIGINT is Azurite's
// graceful shutdown), so it never outlives us holding the port. The channel is unref'd so it never keeps the
// child alive on its own. This needs no signal handlers in the parent, which would change how it exits.
const WATCHDOG =
  "process.channel?.unref();process.on('disconnect',()=>{process.kill(process.pid,'SIGINT');" +
  'setTimeout(()=>process.exit(0),5000).unref();});';

/**
 * Spawns Azurite's Table service on 127.0.0.1 and resolves once it answers requests.
 *
 * @throws Error naming the port and quoting Azurite's stderr when it exits early or does not start in time.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const requestedPort = options.port ?? 0;
  for (let attempt = 1; ; attempt++) {
    const port = requestedPort === 0 ? await findFreePort() : requestedPort;
    try {
      return await launch(port, options);
    } catch (error) {
      // A port picked by us can be taken by someone else before Azurite binds it: pick again.
      const portRace = requestedPort === 0 && error instanceof Error && error.message.includes('EADDRINUSE');
      if (!portRace || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

async function launch(port: number, options: AzuriteOptions): Promise<RunningAzurite> {
  const { inMemory = true, silent = true, startTimeoutMs = 15_000 } = options;
  const args = ['--tableHost', '127.0.0.1', '--tablePort', String(port)];
  args.push('--disableTelemetry', '--skipApiVersionCheck');
  if (inMemory) args.push('--inMemoryPersistence');
  else args.push('--location', options.location ?? path.resolve('.local', 'azurite'));
  if (silent) args.push('--silent');

  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(WATCHDOG)}`, azuriteTableMain(), ...args],
    { stdio: ['ignore', silent ? 'ignore' : 'inherit', 'pipe', 'ipc'] },
  );
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    if (!silent) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', (error) => {
      stderrTail += `\n${error.message}`;
      resolve();
    });
  });
  const stop = memoize(() => stopChild(child, exited));

  try {
    await waitUntilListening(port, child, exited, startTimeoutMs);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Azurite (table service on 127.0.0.1:${port}) did not start: ${reason}` +
        (stderrTail.trim() ? `\nAzurite stderr:\n${stderrTail.trim()}` : ''),
    );
  }

  const tableEndpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
    `TableEndpoint=${tableEndpoint};`;
  return { connectionString, tableEndpoint, port, stop };
}

/** The Table service entry of the installed azurite package (its `azurite-table` bin). */
function azuriteTableMain(): string {
  const packageJson = createRequire(import.meta.url).resolve('azurite/package.json');
  return path.join(path.dirname(packageJson), 'dist', 'src', 'table', 'main.js');
}

/** Asks the OS for a free port on loopback (then releases it for Azurite to bind). */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

async function waitUntilListening(
  port: number,
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exit = exited.then(() => 'exited' as const);
  for (;;) {
    // Race every probe against the child's exit, so a failed start is reported at once.
    const outcome = await Promise.race([exit, isAzuriteAnswering(port)]);
    if (outcome === 'exited') throw new Error(`it exited with code ${child.exitCode ?? 'null'}`);
    if (outcome) return;
    if (Date.now() > deadline) throw new Error(`it did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when Azurite's Table service answers on `port` (its Server header, not just any listener). */
function isAzuriteAnswering(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(
      { host: '127.0.0.1', port, path: `/${ACCOUNT}/Tables`, agent: false, timeout: 1000 },
      (response) => {
        response.resume();
        resolve(String(response.headers.server).startsWith('Azurite-Table'));
      },
    );
    request.once('error', () => {
      resolve(false);
    });
    request.once('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    // SIGINT is Azurite's graceful shutdown (it flushes a persisted workspace); SIGKILL if it hangs.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

function memoize(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}
