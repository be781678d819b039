/**
 * Finding the running local stack from `.local/stack.json` (written by `npm start`) and asking its admin
 * API for the active topology. Every way this can go wrong ends in a message that tells the user what to
 * do, because "ECONNREFUSED" does not say "start the stack first". Secrets in the file never reach a message.
 */
import { access, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { StackInfo } from '../stack/stack-file.js';

/** Where `npm start` writes the stack file, relative to the repository. */
export const defaultStackFile = '.local/stack.json';

const startHint = 'start the stack first: npm start';

const stackInfoSchema = z.object({
  devHostUrl: z.url(),
  adminKey: z.string().min(1),
  graph: z.object({
    baseUrl: z.url(),
    authorityHost: z.url(),
    caCertPath: z.string().min(1),
    tenants: z.array(
      z.object({
        key: z.string().min(1),
        tenantId: z.string().min(1),
        defaultDomain: z.string().min(1),
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
      }),
    ),
  }),
  storageConnectionString: z.string(),
  topology: z.object({
    tenants: z.array(z.object({ key: z.string(), tenantId: z.string() })),
    syncs: z.array(z.object({ id: z.string(), from: z.string(), to: z.string() })),
  }),
});

const activeTopologySchema = z.object({ version: z.number(), source: z.string().min(1) });

/**
 * Reads and validates the stack file.
 *
 * @throws Error saying to start the stack when the file is missing or not a stack file.
 */
export async function readStackFile(filePath: string): Promise<StackInfo> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch {
    throw new Error(`No local stack found: ${filePath} does not exist; ${startHint}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${filePath} is not valid JSON; ${startHint}.`);
  }
  const parsed = stackInfoSchema.safeParse(json);
  if (!parsed.success) {
    // Issue paths and messages only: the values include the admin key and client secrets.
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(
      `${filePath} is not a stack file written by npm start (${problems.join('; ')}); ${startHint}.`,
    );
  }
  return parsed.data;
}

/**
 * Checks that the stack of `stack.json` is running: its dev host answers `GET /api/health` (any status:
 * an unhealthy stack still answers) and the simulator's certificate file exists.
 *
 * @throws Error saying to start the stack when the dev host does not answer within `timeoutMs`.
 */
export async function assertStackRunning(
  stack: StackInfo,
  filePath: string,
  timeoutMs = 5_000,
): Promise<void> {
  const url = `${stack.devHostUrl}/api/health`;
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`The local stack of ${filePath} does not answer at ${url} (${reason}); ${startHint}.`);
  }
  try {
    await access(stack.graph.caCertPath);
  } catch {
    throw new Error(
      `The Graph simulator's certificate ${stack.graph.caCertPath} (from ${filePath}) is missing; ${startHint}.`,
    );
  }
}

/**
 * The YAML of the topology the stack runs, from `GET /api/topology` with the admin key.
 *
 * @throws Error naming the status when the stack has no active topology or refuses the key.
 */
export async function fetchActiveTopology(stack: StackInfo): Promise<{ version: number; source: string }> {
  const url = `${stack.devHostUrl}/api/topology`;
  const response = await fetch(url, { headers: { 'x-functions-key': stack.adminKey } });
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  }
  const parsed = activeTopologySchema.safeParse(await response.json());
  if (!parsed.success) {
    throw new Error(`GET ${url} did not return a topology version: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
