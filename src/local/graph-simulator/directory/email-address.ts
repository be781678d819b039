/** Email address checks shared by invitations and user writes. */

const forbiddenInLocalPart = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,\s]/;
const domainPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** What is wrong with an address, or `valid`. */
export type EmailAddressProblem = 'valid' | 'malformed' | 'special-characters';

/**
 * Checks an address the way the invitation API does: exactly one `@`, a dotted domain, and a local part
 * without `~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : " < > ? ,` where `.` and `-` are not first or last.
 */
export function checkEmailAddress(address: string): EmailAddressProblem {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return 'malformed';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!domainPattern.test(domain) || local.length > 64) return 'malformed';
  if (forbiddenInLocalPart.test(local)) return 'special-characters';
  if (/^[.-]|[.-]$|\.\./.test(local)) return 'malformed';
  return 'valid';
}

/** The domain of an address, lower-cased (empty when there is no `@`). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
