import type { AuthorizationService } from '@zhicheng/identity';
import { expectTypeOf, it } from 'vitest';
import type { EntityAuthz } from '../src/access.js';

// The broker reaches identity's service by its key name; this keeps the shapes in step at compile time.
it('identity\'s authorisation service satisfies the interface the broker uses', () => {
  expectTypeOf<AuthorizationService>().toExtend<EntityAuthz>();
});
