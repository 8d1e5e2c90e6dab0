import { defineModule } from '../module.js';

/**
 * A test double for the identity package: trusts `x-test-user` and `x-test-perms` headers.
 * Lets a platform package's API tests run without depending on identity (which sits above
 * some of them). Never listed in the server's modules.
 */
export const headerAuthModule = defineModule({
  name: 'test-header-auth',
  init(ctx) {
    ctx.setAuthenticator(async (req) => {
      const user = req.headers['x-test-user'];
      if (typeof user !== 'string') return null;
      const perms = new Set(String(req.headers['x-test-perms'] ?? '').split(',').filter(Boolean));
      const dept = req.headers['x-test-department'];
      return { kind: 'user', id: user, name: user, departmentId: typeof dept === 'string' ? dept : null, can: (p) => perms.has(p) };
    });
  },
});

export const testUser = (perms: string[] = [], name = 'tester') => ({ 'x-test-user': name, 'x-test-perms': perms.join(',') });
