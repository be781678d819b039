/**
 * Attribute mappings: how each target attribute of a sync gets its value from the source user. The default
 * set mirrors Entra cross-tenant sync (every profile attribute copied from the same source attribute,
 * `userType: Member`, `showInAddressList: true`); a topology overrides or drops entries per target attribute.
 */
import type { AttributeValue } from './user-attributes.js';

/** `always`: written on create and whenever it changes; `onCreate`: written only on create or adopt. */
export type MappingApply = 'always' | 'onCreate';

/**
 * One mapping, by target attribute.
 * - `copy`: the value of `source`.
 * - `constant`: a fixed value.
 * - `template`: text with `{attribute}` placeholders (`{{` and `}}` for literal braces).
 * - `email`: the person's e-mail, the same value the invitation uses (source `mail`, else its
 *   `userPrincipalName`); the default for the target `mail`.
 */
export type AttributeMapping =
  | { readonly kind: 'copy'; readonly target: string; readonly source: string; readonly apply: MappingApply }
  | {
      readonly kind: 'constant';
      readonly target: string;
      readonly value: AttributeValue;
      readonly apply: MappingApply;
    }
  | {
      readonly kind: 'template';
      readonly target: string;
      readonly template: string;
      readonly apply: MappingApply;
    }
  | { readonly kind: 'email'; readonly target: string; readonly apply: MappingApply };

const copiedByDefault = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'companyName',
  'officeLocation',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'businessPhones',
  'mobilePhone',
  'employeeId',
  'preferredLanguage',
] as const;

/** The mappings every sync starts from, in the order they are listed in docs/topology.md. */
export const defaultMappings: readonly AttributeMapping[] = [
  ...copiedByDefault.map((name): AttributeMapping => ({
    kind: 'copy',
    target: name,
    source: name,
    apply: 'always',
  })),
  { kind: 'email', target: 'mail', apply: 'always' },
  { kind: 'constant', target: 'userType', value: 'Member', apply: 'always' },
  { kind: 'constant', target: 'showInAddressList', value: true, apply: 'always' },
];
