import type { HttpApp } from '@zhicheng/kernel';

/**
 * A `fetch` over the platform's own HTTP stack (`app.inject`): the in-process demo fleet goes
 * through the same routes, authentication and validation as any device integrator, without a
 * socket to itself.
 */
export function injectFetch(app: HttpApp): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(init?.body !== undefined && init.body !== null ? { payload: String(init.body) } : {}),
    });
    const noBody = res.statusCode === 204 || res.statusCode === 304;
    return new Response(noBody ? null : res.rawPayload, { status: res.statusCode, headers: res.headers as Record<string, string> });
  }) as typeof fetch;
}
