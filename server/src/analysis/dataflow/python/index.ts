/**
 * Data-flow helpers for Python trees, used by the Python checks: name resolution through function,
 * class, comprehension and module scopes; import/alias resolution (`import subprocess as sp`,
 * `from os import system`); constant-expression and request-input tests.
 */
export {
  enclosingFunction, enclosingScopes, reachingBindings, resolveName,
  type BindingKind, type PyBinding, type Resolution,
} from './scopes';
export {
  addedElements, argumentOf, callArguments, callOrigins, calleeNames, hasKeywordSplat,
  keywordArgument, literalText, positionalArgument, qualifiedName, qualifiedNames, reachingValues,
  unwrap, unwrapAwait,
} from './values';
export { isConstantExpression, isConstantName } from './constants';
export { isRequestDerived } from './request';
export { splatKeyword, splatTargets } from './splat';
export { argumentForParameter, localCallee, returnedValues } from './calls';
