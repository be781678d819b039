/**
 * The `$select` list xtsync reads from a source tenant. Graph v1.0 returns most user properties (and every
 * directory extension) only when selected, so the list must name everything the syncs from that tenant
 * read; the delta link bakes the list in, so a changed list (new hash) needs a fresh delta round.
 */
import type { AttributeMapping } from './attribute-mapping.js';
import { stableHash } from './hashing.js';
import type { ScopeFilter } from './scope.js';
import { parseTemplate, templatePlaceholders } from './template.js';

/** The parts of a sync that read source attributes. */
export interface SourceReadingSync {
  readonly scope: readonly ScopeFilter[];
  readonly mappings: readonly AttributeMapping[];
}

// Read for every user whatever the syncs say: identity, loop prevention, lifecycle and the invitation.
const alwaysRead = [
  'id',
  'userPrincipalName',
  'mail',
  'displayName',
  'userType',
  'creationType',
  'accountEnabled',
] as const;

/**
 * The sorted, de-duplicated `$select` list for the syncs of one source tenant: every attribute read by
 * their scopes, mappings and templates, plus id, userPrincipalName, mail, displayName, userType,
 * creationType, accountEnabled and the anchor extension (loop prevention reads it).
 */
export function sourceSelectFor(
  syncs: readonly SourceReadingSync[],
  anchorAttribute: string,
): readonly string[] {
  const names = new Set<string>([...alwaysRead, anchorAttribute]);
  for (const sync of syncs) {
    for (const filter of sync.scope) for (const clause of filter.clauses) names.add(clause.attribute);
    for (const mapping of sync.mappings) for (const name of mappingReads(mapping)) names.add(name);
  }
  return [...names].sort();
}

function mappingReads(mapping: AttributeMapping): readonly string[] {
  switch (mapping.kind) {
    case 'copy':
      return [mapping.source];
    case 'template': {
      const parsed = parseTemplate(mapping.template);
      return parsed.ok ? templatePlaceholders(parsed.parts) : [];
    }
    case 'email':
    case 'constant':
      // `email` reads mail and userPrincipalName, which are always read.
      return [];
  }
}

/** A stable hash of a `$select` list, independent of its order and duplicates. */
export function selectHash(select: readonly string[]): string {
  return stableHash([...new Set(select)].sort());
}
