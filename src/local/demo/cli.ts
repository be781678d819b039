/**
 * The demo process (started by launch.ts with the simulator's certificate trusted): reads stack.json, asks
 * the stack for its active topology, runs the demo and prints the timeline — or, with `--json`, the
 * structured timeline on stdout (progress then goes to stderr). Exits 1 when a step did not converge.
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatSummary } from './format-timeline.js';
import { runDemo } from './run-demo.js';
import { defaultStackFile, fetchActiveTopology, readStackFile } from './running-stack.js';

const seconds = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected seconds > 0');
  return parsed;
};

const options = new Command('npm run demo')
  .description('Drive joiner → mover → leaver → return through every sync of the running local stack.')
  .option('--stack <file>', 'the stack file written by npm start', defaultStackFile)
  .option('--timeout <seconds>', 'how long each step may take per target', seconds, 60)
  .option('--poll <seconds>', 'how often targets are read while waiting', seconds, 0.1)
  .option('--json', 'print the structured timeline as JSON', false)
  .parse()
  .opts<{ stack: string; timeout: number; poll: number; json: boolean }>();

async function main(): Promise<void> {
  const stack = await readStackFile(options.stack);
  const active = await fetchActiveTopology(stack);
  // With --json, stdout carries only the JSON document.
  const log = (line: string): void => {
    if (options.json) console.error(line);
    else console.log(line);
  };
  log(`xtsync demo: topology version ${active.version} of the stack at ${stack.devHostUrl}`);
  const timeline = await runDemo(stack, active.source, {
    log,
    timeoutMs: options.timeout * 1000,
    pollMs: options.poll * 1000,
  });
  if (options.json) console.log(JSON.stringify(timeline, null, 2));
  else for (const line of formatSummary(timeline)) console.log(line);
  process.exitCode = timeline.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`The demo could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
