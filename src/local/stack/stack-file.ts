/**
 * `.local/stack.json` and `.local/graph-sim.json`: how scripts, the CLI and the demo find the running
 * local stack (dev host URL and admin key, the simulator's tenants and admin clients, Table Storage).
 * Written with mode 0600: they hold the local admin key and the simulator's generated client secrets.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphSimulator } from '../graph-simulator/index.js';
import type { Topology } from '../../core/topology/topology.js';

/** The `graph-sim.json` object: everything a script needs to call the simulator as an admin. */
export interface GraphSimInfo {
  readonly baseUrl: string;
  readonly authorityHost: string;
  readonly caCertPath: string;
  readonly tenants: readonly {
    readonly key: string;
    readonly tenantId: string;
    readonly defaultDomain: string;
    readonly clientId: string;
    readonly clientSecret: string;
  }[];
}

export interface StackInfo {
  readonly devHostUrl: string;
  readonly adminKey: string;
  readonly graph: GraphSimInfo;
  readonly storageConnectionString: string;
  readonly topology: {
    readonly tenants: readonly { readonly key: string; readonly tenantId: string }[];
    readonly syncs: readonly { readonly id: string; readonly from: string; readonly to: string }[];
  };
}

/** The simulator's connection facts in the graph-sim.json shape. */
export function graphSimInfo(graph: GraphSimulator, caCertPath: string): GraphSimInfo {
  return {
    baseUrl: graph.baseUrl,
    authorityHost: graph.authorityHost,
    caCertPath,
    tenants: graph.tenants.map(({ key, tenantId, defaultDomain, clientId, clientSecret }) => ({
      key,
      tenantId,
      defaultDomain,
      clientId,
      clientSecret,
    })),
  };
}

/** The stack.json object for a running stack. */
export function stackInfo(input: {
  readonly devHostUrl: string;
  readonly adminKey: string;
  readonly graph: GraphSimInfo;
  readonly storageConnectionString: string;
  readonly topology: Topology;
}): StackInfo {
  return {
    devHostUrl: input.devHostUrl,
    adminKey: input.adminKey,
    graph: input.graph,
    storageConnectionString: input.storageConnectionString,
    topology: {
      tenants: input.topology.tenants.map(({ key, tenantId }) => ({ key, tenantId })),
      syncs: input.topology.syncs.map(({ id, from, to }) => ({ id, from, to })),
    },
  };
}

/** Writes `value` as pretty JSON, readable by the owner only. */
export async function writePrivateJson(filePath: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created; a file left by an older run is tightened too.
  await chmod(filePath, 0o600);
}
