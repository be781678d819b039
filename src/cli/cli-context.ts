/**
 * What every command gets: the run's I/O, its global options (`--url`, `--key`, `--json`, `--stack`) read
 * from commander and checked with zod, styled output, and a lazily connected admin API client.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createAdminClient, type AdminClient } from './admin-client.js';
import { writeLine, type CliIo } from './cli-io.js';
import { resolveConnection } from './connection.js';
import { styleFor, type TerminalStyle } from './terminal-style.js';

/** Where `npm start` records the running local stack, relative to the working directory. */
export const defaultStackFile = '.local/stack.json';

const globalOptionsSchema = z.object({
  url: z.string().optional(),
  key: z.string().optional(),
  json: z.boolean().default(false),
  stack: z.string().default(defaultStackFile),
});

/** The options every command accepts. `key` is a secret: never print it. */
export type GlobalOptions = z.infer<typeof globalOptionsSchema>;

/** The services a command uses. */
export interface CliContext {
  readonly io: CliIo;
  /** Colours for stdout (none unless stdout is a colour terminal). */
  readonly style: TerminalStyle;
  /** The global options of the run, as seen from `command`. */
  globals(command: Command): GlobalOptions;
  /** Resolves a path the operator typed against the working directory. */
  resolvePath(file: string): string;
  /** Writes one line to stdout. */
  print(text?: string): void;
  /** Writes one line to stderr (notes and warnings that must not mix with data on stdout). */
  note(text: string): void;
  /**
   * A client for the admin API found from the flags, the settings and the stack file.
   *
   * @throws CliError when no URL or key can be found.
   */
  adminClient(globals: GlobalOptions): Promise<AdminClient>;
}

/** Creates the context of one run. */
export function createCliContext(io: CliIo): CliContext {
  const resolvePath = (file: string): string => path.resolve(io.cwd, file);
  return {
    io,
    style: styleFor(io.stdout),
    globals: (command) => globalOptionsSchema.parse(command.optsWithGlobals()),
    resolvePath,
    print: (text = '') => {
      writeLine(io.stdout, text);
    },
    note: (text) => {
      writeLine(io.stderr, text);
    },
    adminClient: async (globals) => {
      const connection = await resolveConnection({
        flags: { url: globals.url, key: globals.key },
        settings: io.settings,
        stackFile: resolvePath(globals.stack),
      });
      return createAdminClient(connection, { signal: io.signal });
    },
  };
}
