/**
 * Names the shape of a topology the way DESIGN.md §1 and Entra's topology guide do, per connected group of
 * tenants: one-to-one, application hub (many sources → one target), user hub (one source → many targets),
 * mesh (some tenant is both a source and a target; full when every tenant syncs to every other), and
 * many-to-many (several sources and several targets, none both).
 */

/** The shape of one connected group of tenants. */
export type ShapeKind = 'one-to-one' | 'application-hub' | 'user-hub' | 'mesh' | 'many-to-many';

/** One connected group of tenants and the syncs between them. */
export interface ShapeComponent {
  readonly kind: ShapeKind;
  /** Meshes only: true when every tenant of the group syncs to every other one. */
  readonly full: boolean;
  /** Tenant keys, sorted. */
  readonly sources: readonly string[];
  readonly targets: readonly string[];
  readonly tenants: readonly string[];
  /** Sync ids, in file order. */
  readonly syncIds: readonly string[];
  /** E.g. `user-hub (woodgrove → fabrikam, northwind)`. */
  readonly description: string;
}

/** The shape of a whole topology: one component's kind, `mixed` for several, `empty` for no syncs. */
export interface TopologyShape {
  readonly kind: ShapeKind | 'mixed' | 'empty';
  readonly components: readonly ShapeComponent[];
  /** E.g. `mesh, full (contoso, fabrikam, northwind)` or `mixed: one-to-one (a → b), user-hub (c → d, e)`. */
  readonly description: string;
}

/** Describes the shape of a set of syncs (edges between tenant keys). */
export function describeTopologyShape(
  syncs: readonly { readonly id: string; readonly from: string; readonly to: string }[],
): TopologyShape {
  if (syncs.length === 0) return { kind: 'empty', components: [], description: 'empty (no syncs)' };
  const groups = new Map<string, { id: string; from: string; to: string }[]>();
  const root = connect(syncs);
  for (const sync of syncs) {
    const key = root(sync.from);
    groups.set(key, [...(groups.get(key) ?? []), sync]);
  }
  const components = [...groups.values()].map(describeComponent);
  const [only] = components;
  if (components.length === 1 && only !== undefined) {
    return { kind: only.kind, components, description: only.description };
  }
  return {
    kind: 'mixed',
    components,
    description: `mixed: ${components.map((component) => component.description).join(', ')}`,
  };
}

function describeComponent(syncs: readonly { id: string; from: string; to: string }[]): ShapeComponent {
  const sources = sortedUnique(syncs.map((sync) => sync.from));
  const targets = sortedUnique(syncs.map((sync) => sync.to));
  const tenants = sortedUnique([...sources, ...targets]);
  const syncIds = syncs.map((sync) => sync.id);
  const edges = `${sources.join(', ')} → ${targets.join(', ')}`;
  const base = { sources, targets, tenants, syncIds, full: false };
  if (sources.some((tenant) => targets.includes(tenant))) {
    const possible = tenants.length * (tenants.length - 1);
    const full = syncs.length === possible;
    const description = full
      ? `mesh, full (${tenants.join(', ')})`
      : `mesh, partial (${tenants.join(', ')}: ${syncs.length} of ${possible} possible syncs${oneWayRoles(sources, targets)})`;
    return { ...base, kind: 'mesh', full, description };
  }
  if (syncs.length === 1) return { ...base, kind: 'one-to-one', description: `one-to-one (${edges})` };
  if (targets.length === 1)
    return { ...base, kind: 'application-hub', description: `application-hub (${edges})` };
  if (sources.length === 1) return { ...base, kind: 'user-hub', description: `user-hub (${edges})` };
  return { ...base, kind: 'many-to-many', description: `many-to-many (${edges})` };
}

/** Names the tenants of a partial mesh that only send or only receive, e.g. `; woodgrove only sends`. */
function oneWayRoles(sources: readonly string[], targets: readonly string[]): string {
  const sendOnly = sources.filter((tenant) => !targets.includes(tenant));
  const receiveOnly = targets.filter((tenant) => !sources.includes(tenant));
  const roles = [
    ...(sendOnly.length > 0
      ? [`${sendOnly.join(', ')} only ${sendOnly.length === 1 ? 'sends' : 'send'}`]
      : []),
    ...(receiveOnly.length > 0
      ? [`${receiveOnly.join(', ')} only ${receiveOnly.length === 1 ? 'receives' : 'receive'}`]
      : []),
  ];
  return roles.map((role) => `; ${role}`).join('');
}

/** Union-find over tenant keys; returns the representative of a key's connected group. */
function connect(syncs: readonly { from: string; to: string }[]): (key: string) => string {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let current = key;
    for (;;) {
      const next = parent.get(current) ?? current;
      if (next === current) return current;
      current = next;
    }
  };
  for (const sync of syncs) {
    const a = find(sync.from);
    const b = find(sync.to);
    if (a !== b) parent.set(a, b);
  }
  return find;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
