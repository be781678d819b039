/**
 * Reads `.local/stack.json`, which `npm start` writes so that tools find the running local stack: the dev
 * host's URL and the admin key it accepts. Other fields are the stack's business and are ignored here.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { describeFileError, isNodeError } from './file-errors.js';

/** The fields of the stack file the CLI uses. `adminKey` is a secret: never print it. */
export interface StackFile {
  readonly devHostUrl: string;
  readonly adminKey: string;
}

const stackFileSchema = z.looseObject({
  devHostUrl: z.string().min(1),
  adminKey: z.string().min(1),
});

/**
 * Reads the stack file at `filePath`; resolves to null when there is no such file (the stack is not running
 * or never ran here).
 *
 * @throws CliError when the file exists but cannot be read or is not a stack file.
 */
export async function readStackFile(filePath: string): Promise<StackFile | null> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') return null;
    throw new CliError(`Cannot read the stack file ${filePath}: ${describeFileError(error)}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`The stack file ${filePath} is not JSON; restart the stack with npm start.`);
  }
  const parsed = stackFileSchema.safeParse(data);
  if (!parsed.success) {
    // Only field names go into the message: the values include the admin key.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new CliError(
      `The stack file ${filePath} is missing or has invalid fields (${fields}); restart the stack with npm start.`,
    );
  }
  return { devHostUrl: parsed.data.devHostUrl, adminKey: parsed.data.adminKey };
}
