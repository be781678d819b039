import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../src/local/graph-simulator/server/simulator-server.js';
import { getAdminToken, startTestGraphSimulator } from '../../../support/graph-simulator.js';

const graphContentType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

describe('Graph pipeline', () => {
  let sim: GraphSimulator;
  let token: string;
  const xtsyncId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    token = await getAdminToken(sim, 'contoso');
  });
  afterAll(async () => {
    await sim.close();
  });

  const call = (path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const bearer = init.token === undefined ? token : init.token;
    if (bearer !== null) headers.set('Authorization', `Bearer ${bearer}`);
    return fetch(`${sim.baseUrl}/v1.0${path}`, { ...init, headers });
  };
  const errorOf = async (response: Response): Promise<{ code: string; message: string }> =>
    ((await response.json()) as { error: { code: string; message: string } }).error;

  describe('authentication', () => {
    it('answers 401 InvalidAuthenticationToken when the token is missing', async () => {
      const response = await call('/users', { token: null });
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({
        code: 'InvalidAuthenticationToken',
        message: 'Access token is empty.',
      });
    });

    it('answers 401 for a token not signed by the simulator', async () => {
      const [header = '', payload = ''] = token.split('.');
      const response = await call('/users', { token: `${header}.${payload}.c2lnbmF0dXJl` });
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('InvalidAuthenticationToken');
    });

    it('answers 401 for an expired token', async () => {
      const expired = await sim.control.issueAccessToken({
        tenant: 'contoso',
        clientId: xtsyncId,
        lifetimeSeconds: -60,
      });
      const response = await call('/users', { token: expired });
      expect(response.status).toBe(401);
      expect((await errorOf(response)).message).toMatch(/expired/);
    });

    it('answers 401 for a token issued to another audience', async () => {
      const other = await sim.control.issueAccessToken({
        tenant: 'contoso',
        clientId: xtsyncId,
        audience: 'api://other',
      });
      const response = await call('/users', { token: other });
      expect(response.status).toBe(401);
      expect((await errorOf(response)).message).toMatch(/audience/);
    });

    it('reads the directory of the tenant named by the token', async () => {
      const fabrikam = await getAdminToken(sim, 'fabrikam');
      const response = await call('/organization', { token: fabrikam });
      const body = (await response.json()) as { value: { id: string }[] };
      expect(body.value[0]?.id).toBe('22222222-2222-4222-8222-222222222222');
    });
  });

  describe('authorisation', () => {
    it('answers 403 Authorization_RequestDenied when the app lacks the role', async () => {
      const readOnly = await sim.control.issueAccessToken({
        tenant: 'contoso',
        clientId: xtsyncId,
        roles: ['User.Read.All'],
      });
      const response = await call('/users/10000000-0000-4000-8000-000000000001', {
        token: readOnly,
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jobTitle: 'Boss' }),
      });
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: expect.any(Object) as unknown,
      });
    });

    it('lets User.EnableDisableAccount.All with User.Read.All change accountEnabled only', async () => {
      const granular = await sim.control.issueAccessToken({
        tenant: 'contoso',
        clientId: xtsyncId,
        roles: ['User.Read.All', 'User.EnableDisableAccount.All'],
      });
      const patch = (body: unknown): Promise<Response> =>
        call('/users/10000000-0000-4000-8000-000000000002', {
          token: granular,
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await patch({ accountEnabled: false })).status).toBe(204);
      expect((await patch({ accountEnabled: true, jobTitle: 'x' })).status).toBe(403);
    });

    it('requires Policy.Read.All or Directory.Read.All for policies', async () => {
      const readOnly = await sim.control.issueAccessToken({
        tenant: 'contoso',
        clientId: xtsyncId,
        roles: ['User.Read.All'],
      });
      expect((await call('/policies/authorizationPolicy', { token: readOnly })).status).toBe(403);
      expect((await call('/policies/authorizationPolicy')).status).toBe(200);
    });
  });

  describe('routing and errors', () => {
    it('names the unknown segment in a 400 BadRequest', async () => {
      const response = await call('/users/10000000-0000-4000-8000-000000000001/manager');
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: 'BadRequest',
        message: "Resource not found for the segment 'manager'.",
      });
      expect((await errorOf(await call('/groups'))).message).toBe(
        "Resource not found for the segment 'groups'.",
      );
    });

    it('answers 405 Request_BadRequest for a method the resource does not have', async () => {
      const response = await call('/organization', { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect((await errorOf(response)).code).toBe('Request_BadRequest');
    });

    it('answers 400 BadRequest for a body that is not JSON', async () => {
      const response = await call('/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{nope',
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('BadRequest');
    });

    it('answers 413 for a body over 4 MB', async () => {
      const response = await call('/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ displayName: 'x'.repeat(4 * 1024 * 1024) }),
      });
      expect(response.status).toBe(413);
    });

    it('sends the Graph error envelope with ids, content type and the echoed client-request-id', async () => {
      const response = await call('/users/nobody@contoso.com', {
        headers: { 'client-request-id': 'my-correlation-id' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(graphContentType);
      expect(response.headers.get('client-request-id')).toBe('my-correlation-id');
      const requestId = response.headers.get('request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const body = (await response.json()) as { error: { code: string; innerError: Record<string, string> } };
      expect(body.error.code).toBe('Request_ResourceNotFound');
      expect(body.error.innerError).toEqual({
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/) as unknown,
        'request-id': requestId,
        'client-request-id': 'my-correlation-id',
      });
    });

    it('answers 204 without a body or content type', async () => {
      const response = await call('/users/10000000-0000-4000-8000-000000000003', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jobTitle: 'Senior Financial Analyst' }),
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('content-type')).toBeNull();
      expect(await response.text()).toBe('');
    });
  });
});
