/**
 * Finds the admin API and its key, in this order: the `--url` / `--key` flags, the settings `XTSYNC_URL` /
 * `XTSYNC_ADMIN_KEY`, then the running local stack's `.local/stack.json`. Each value is resolved on its own,
 * except that the stack file's key is only ever sent to the stack's own URL, so a local key never travels to
 * another host. Failures say which sources were tried.
 */
import type { CliSettings } from '../config.js';
import { CliError } from './cli-error.js';
import { readStackFile, type StackFile } from './stack-file.js';

/** Where and how to call the admin API. `key` is a secret: never print it. */
export interface AdminConnection {
  /** Origin plus optional base path, without a trailing slash or `/api`: `https://func-x.azurewebsites.net`. */
  readonly baseUrl: string;
  readonly key: string;
}

/** The places a connection can come from. */
export interface ConnectionSources {
  readonly flags: { readonly url?: string | undefined; readonly key?: string | undefined };
  readonly settings: CliSettings;
  /** Path of the stack file to read (absolute, or relative to the working directory). */
  readonly stackFile: string;
}

/**
 * Resolves the admin API's base URL and key.
 *
 * @throws CliError naming every source tried when the URL or the key is missing, or when a URL is unusable.
 */
export async function resolveConnection(sources: ConnectionSources): Promise<AdminConnection> {
  const { flags, settings, stackFile } = sources;
  let stack: StackFile | null | undefined;
  const loadStack = async (): Promise<StackFile | null> => (stack ??= await readStackFile(stackFile));

  let baseUrl: string;
  if (flags.url !== undefined) baseUrl = normalizeBaseUrl(flags.url, 'the --url option');
  else if (settings.url !== undefined) baseUrl = normalizeBaseUrl(settings.url, 'XTSYNC_URL');
  else {
    const found = await loadStack();
    if (found === null) {
      throw new CliError(
        `No admin API URL: tried --url, XTSYNC_URL and ${stackFile} (no such file). ` +
          'Is the local stack running? Try npm start, or pass --url.',
      );
    }
    baseUrl = normalizeBaseUrl(found.devHostUrl, `devHostUrl in ${stackFile}`);
  }

  const key = flags.key ?? settings.adminKey;
  if (key !== undefined) return { baseUrl, key };
  const found = await loadStack();
  if (found !== null && normalizeBaseUrl(found.devHostUrl, `devHostUrl in ${stackFile}`) === baseUrl) {
    return { baseUrl, key: found.adminKey };
  }
  const why = found === null ? 'no such file' : `its key belongs to ${found.devHostUrl}, not ${baseUrl}`;
  throw new CliError(
    `No admin key for ${baseUrl}: tried --key, XTSYNC_ADMIN_KEY and ${stackFile} (${why}). ` +
      'Pass --key or set XTSYNC_ADMIN_KEY to a function key of the admin endpoints.',
  );
}

/**
 * Checks an admin API URL and reduces it to its base (`https://host[/path]`, no trailing slash, no `/api`).
 * Plain http is accepted only on loopback, because the admin key travels in a header.
 *
 * @param source - Where the value came from, for the message (`the --url option`, `XTSYNC_URL`).
 * @throws CliError when the value is not an http(s) base URL; the value itself is never echoed, since a
 *   pasted URL may carry a key in `?code=`.
 */
export function normalizeBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CliError(`${source} is not a URL; expected e.g. https://func-xtsync.azurewebsites.net`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`${source} must be an https URL (http only on 127.0.0.1 or localhost)`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new CliError(
      `${source} must be the app's base URL without credentials, query or fragment; pass the key with --key`,
    );
  }
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new CliError(
      `${source} uses plain http to ${url.host}; the admin key would travel unencrypted, so use https`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.origin}${path}`;
}
