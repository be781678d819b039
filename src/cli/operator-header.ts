/**
 * Who runs the CLI, sent as `x-xtsync-operator` with commands that change state (pause, resume, guard
 * decisions), so the records say who did it. It is the login name of the operating system account; a
 * function key proves access, not identity, so this is for the record only.
 */
import os from 'node:os';

/** The header with the operator's login name (letters, digits and `.@_-` kept), or none when unknown. */
export function operatorHeader(): Record<string, string> {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    // No user database entry (some containers): the server records the call as `admin-api`.
    return {};
  }
  const safe = name.replace(/[^A-Za-z0-9.@_-]/g, '').slice(0, 64);
  return safe === '' ? {} : { 'x-xtsync-operator': safe };
}
