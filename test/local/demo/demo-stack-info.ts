/**
 * StackInfo for a test stack, as `npm start` would write it to stack.json: the dev host, its admin key,
 * the simulator's admin clients and the certificate every test worker already trusts.
 */
import { readFile } from 'node:fs/promises';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { graphSimInfo, stackInfo, type StackInfo } from '../../../src/local/stack/stack-file.js';
import type { TestStack } from '../../support/test-stack.js';

/** The StackInfo of `stack`, which runs `topologySource`. */
export function demoStackInfo(stack: TestStack, topologySource: string): StackInfo {
  const certPath = process.env.XTSYNC_TEST_TLS_CERT;
  if (!certPath) throw new Error('XTSYNC_TEST_TLS_CERT is not set: run the tests through vitest.');
  return stackInfo({
    devHostUrl: stack.devHostUrl,
    adminKey: stack.adminKey,
    graph: graphSimInfo(stack.graph, certPath),
    storageConnectionString: stack.storageConnectionString,
    topology: parseTopology(topologySource, 'topology.yaml').topology,
  });
}

/** The text of `examples/<file>`. */
export function readExample(file: string): Promise<string> {
  return readFile(`examples/${file}`, 'utf8');
}
