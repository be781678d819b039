import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeBaseUrl, resolveConnection } from '../../src/cli/connection.js';
import { cliSettings } from '../../src/config.js';

let dir: string;
let stackFile: string;
const missingStack = path.join(os.tmpdir(), 'xtsync-no-such-dir', 'stack.json');
const noSettings = cliSettings({});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-cli-connection-'));
  stackFile = path.join(dir, 'stack.json');
  await writeFile(
    stackFile,
    JSON.stringify({ devHostUrl: 'http://127.0.0.1:7071', adminKey: 'stack-key', other: 1 }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveConnection', () => {
  it('prefers flags to settings and settings to the stack file', async () => {
    const settings = cliSettings({ XTSYNC_URL: 'https://env.example.net', XTSYNC_ADMIN_KEY: 'env-key' });

    await expect(
      resolveConnection({
        flags: { url: 'https://flag.example.net/', key: 'flag-key' },
        settings,
        stackFile,
      }),
    ).resolves.toEqual({ baseUrl: 'https://flag.example.net', key: 'flag-key' });
    await expect(resolveConnection({ flags: {}, settings, stackFile })).resolves.toEqual({
      baseUrl: 'https://env.example.net',
      key: 'env-key',
    });
    await expect(resolveConnection({ flags: {}, settings: noSettings, stackFile })).resolves.toEqual({
      baseUrl: 'http://127.0.0.1:7071',
      key: 'stack-key',
    });
  });

  it('treats blank settings as unset', async () => {
    const settings = cliSettings({ XTSYNC_URL: '  ', XTSYNC_ADMIN_KEY: '' });

    await expect(resolveConnection({ flags: {}, settings, stackFile })).resolves.toEqual({
      baseUrl: 'http://127.0.0.1:7071',
      key: 'stack-key',
    });
  });

  it('names every source it tried when there is no URL', async () => {
    await expect(
      resolveConnection({ flags: {}, settings: noSettings, stackFile: missingStack }),
    ).rejects.toThrow(`No admin API URL: tried --url, XTSYNC_URL and ${missingStack} (no such file)`);
  });

  it('never sends the stack’s key to another host', async () => {
    await expect(
      resolveConnection({ flags: { url: 'https://prod.example.net' }, settings: noSettings, stackFile }),
    ).rejects.toThrow(
      /No admin key for https:\/\/prod.example.net: tried --key, XTSYNC_ADMIN_KEY and .*its key belongs to/,
    );
  });

  it('uses the stack’s key for the stack’s own URL given as a flag', async () => {
    await expect(
      resolveConnection({ flags: { url: 'http://127.0.0.1:7071/api/' }, settings: noSettings, stackFile }),
    ).resolves.toEqual({ baseUrl: 'http://127.0.0.1:7071', key: 'stack-key' });
  });

  it('reports a broken stack file without echoing its values', async () => {
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ devHostUrl: 'http://127.0.0.1:7071', adminKey: '' }));

    const failure = resolveConnection({ flags: {}, settings: noSettings, stackFile: broken });

    await expect(failure).rejects.toThrow(/has invalid fields \(adminKey\)/);
  });
});

describe('normalizeBaseUrl', () => {
  it('drops a trailing slash and /api', () => {
    expect(normalizeBaseUrl('https://func-x.azurewebsites.net/api/', '--url')).toBe(
      'https://func-x.azurewebsites.net',
    );
  });

  it('refuses plain http to a remote host, since the key travels in a header', () => {
    expect(() => normalizeBaseUrl('http://func-x.azurewebsites.net', '--url')).toThrow(/plain http/);
  });

  it('refuses a URL carrying a query without echoing it', () => {
    expect(() => normalizeBaseUrl('https://x.example.net/?code=secret-key', 'XTSYNC_URL')).toThrow(
      /^XTSYNC_URL must be the app's base URL without credentials, query or fragment/,
    );
    expect(() => normalizeBaseUrl('https://x.example.net/?code=secret-key', 'XTSYNC_URL')).not.toThrow(
      /secret-key/,
    );
  });
});
