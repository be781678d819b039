import { describe, expect, it } from 'vitest';
import { compileRouteTemplate } from '../../../src/local/dev-host/route-template.js';

describe('compileRouteTemplate', () => {
  it('matches a literal route case-insensitively', () => {
    expect(compileRouteTemplate('health').match('Health')).toEqual({});
    expect(compileRouteTemplate('health').match('healthz')).toBeUndefined();
  });

  it('captures and decodes parameters', () => {
    const route = compileRouteTemplate('syncs/{id}/pause');
    expect(route.match('syncs/contoso%2Dto-fabrikam/pause')).toEqual({ id: 'contoso-to-fabrikam' });
    expect(route.match('syncs/a/b/pause')).toBeUndefined();
  });

  it('treats an optional last parameter as optional and ignores constraints', () => {
    const route = compileRouteTemplate('jobs/{id:guid?}');
    expect(route.match('jobs/')).toEqual({});
    expect(route.match('jobs/123')).toEqual({ id: '123' });
  });
});
