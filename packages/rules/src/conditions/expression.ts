import jsonata from 'jsonata';
import { badRequest } from '@zhicheng/kernel';

export interface CompiledExpression {
  evaluate(input: unknown): Promise<unknown>;
}

/**
 * JSONata, the platform's one expression language (payload mapping uses it too): no eval,
 * no access to the process. Compile errors are the rule author's, so they answer 400.
 */
export function compileExpression(text: string): CompiledExpression {
  let expr: ReturnType<typeof jsonata>;
  try {
    expr = jsonata(text);
  } catch (err) {
    throw badRequest('ERR_RULES_INVALID_EXPRESSION', `The expression does not parse: ${(err as { message?: string }).message ?? String(err)}`);
  }
  return {
    evaluate: (input) => expr.evaluate(input, undefined),
  };
}
