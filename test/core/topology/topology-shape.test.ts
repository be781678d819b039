import { describe, expect, it } from 'vitest';
import { describeTopologyShape } from '../../../src/core/topology/topology-shape.js';

function edges(...pairs: string[]) {
  return pairs.map((pair) => {
    const [from = '', to = ''] = pair.split('>');
    return { id: `${from}-to-${to}`, from, to };
  });
}

describe('describeTopologyShape', () => {
  it('calls no syncs empty', () => {
    expect(describeTopologyShape([])).toEqual({
      kind: 'empty',
      components: [],
      description: 'empty (no syncs)',
    });
  });

  it('names a single sync one-to-one', () => {
    const shape = describeTopologyShape(edges('contoso>fabrikam'));
    expect(shape.kind).toBe('one-to-one');
    expect(shape.description).toBe('one-to-one (contoso → fabrikam)');
    expect(shape.components[0]).toMatchObject({
      sources: ['contoso'],
      targets: ['fabrikam'],
      tenants: ['contoso', 'fabrikam'],
      syncIds: ['contoso-to-fabrikam'],
      full: false,
    });
  });

  it('names many sources into one target an application hub', () => {
    const shape = describeTopologyShape(edges('northwind>contoso', 'fabrikam>contoso'));
    expect(shape).toMatchObject({
      kind: 'application-hub',
      description: 'application-hub (fabrikam, northwind → contoso)',
    });
  });

  it('names one source into many targets a user hub', () => {
    const shape = describeTopologyShape(edges('woodgrove>fabrikam', 'woodgrove>northwind'));
    expect(shape).toMatchObject({
      kind: 'user-hub',
      description: 'user-hub (woodgrove → fabrikam, northwind)',
    });
  });

  it('names a full mesh when every tenant syncs to every other', () => {
    const shape = describeTopologyShape(
      edges(
        'contoso>fabrikam',
        'contoso>northwind',
        'fabrikam>contoso',
        'fabrikam>northwind',
        'northwind>contoso',
        'northwind>fabrikam',
      ),
    );
    expect(shape).toMatchObject({ kind: 'mesh', description: 'mesh, full (contoso, fabrikam, northwind)' });
    expect(shape.components[0]?.full).toBe(true);
  });

  it('calls two tenants syncing both ways a full mesh', () => {
    expect(describeTopologyShape(edges('contoso>fabrikam', 'fabrikam>contoso')).description).toBe(
      'mesh, full (contoso, fabrikam)',
    );
  });

  it('names a partial mesh when a tenant is both source and target but pairs are missing', () => {
    const shape = describeTopologyShape(edges('contoso>fabrikam', 'fabrikam>northwind'));
    expect(shape).toMatchObject({
      kind: 'mesh',
      description:
        'mesh, partial (contoso, fabrikam, northwind: 2 of 6 possible syncs; contoso only sends; northwind only receives)',
    });
    expect(shape.components[0]?.full).toBe(false);
  });

  it('names several sources into several targets many-to-many', () => {
    expect(
      describeTopologyShape(edges('contoso>fabrikam', 'contoso>northwind', 'woodgrove>northwind'))
        .description,
    ).toBe('many-to-many (contoso, woodgrove → fabrikam, northwind)');
  });

  it('describes each disconnected group of a mixed topology in file order', () => {
    const shape = describeTopologyShape(
      edges('contoso>fabrikam', 'woodgrove>northwind', 'woodgrove>tailspin'),
    );
    expect(shape.kind).toBe('mixed');
    expect(shape.components.map((component) => component.kind)).toEqual(['one-to-one', 'user-hub']);
    expect(shape.description).toBe(
      'mixed: one-to-one (contoso → fabrikam), user-hub (woodgrove → northwind, tailspin)',
    );
  });

  it('joins groups that a later sync connects', () => {
    const shape = describeTopologyShape(edges('a>b', 'c>d', 'b>c'));
    expect(shape.components).toHaveLength(1);
    expect(shape.components[0]?.syncIds).toEqual(['a-to-b', 'c-to-d', 'b-to-c']);
  });
});
