/**
 * py-unsafe-deserialization: deserializers that can construct arbitrary objects (and so run code):
 * pickle and friends, marshal, jsonpickle, and PyYAML's non-safe loaders.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, calleeNames, keywordArgument, qualifiedNames, unwrap } from '../../dataflow/python';
import { calleeIn, isRenamedImport, lastSegment, replaceWithin } from './common';

/** Always unsafe on untrusted data, whatever the arguments. */
const PICKLE_LIKE = new Set([
  ...['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle'].flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`]),
  'marshal.load', 'marshal.loads', 'jsonpickle.decode', 'jsonpickle.unpickler.decode',
  'pandas.read_pickle', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all',
]);
const YAML_LOADS = new Set(['yaml.load', 'yaml.load_all']);
const SAFE_YAML_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const UNSAFE_YAML_LOADERS = new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader', 'FullLoader', 'CFullLoader']);

/**
 * pickle/marshal/jsonpickle loads, `numpy.load(allow_pickle=True)`, and `yaml.load` without a safe
 * Loader. The fix (yaml only) switches to the safe loader: `yaml.load(x)` → `yaml.safe_load(x)`,
 * `Loader=yaml.FullLoader` → `Loader=yaml.SafeLoader`.
 */
export const pyUnsafeDeserialization: Check = ({ match, captures }) => {
  if (captures.renamed && !isRenamedImport(captures.renamed)) return false;
  const names = calleeNames(match);
  const pickled = calleeIn(match, PICKLE_LIKE);
  if (pickled) return { vars: { callee: pickled, fixed: match.text }, fixApplies: false };
  if (names.includes('numpy.load')) {
    const allow = keywordArgument(match, 'allow_pickle');
    return allow?.type === 'true' ? { messageId: 'numpy-allow-pickle', vars: { callee: 'numpy.load', fixed: match.text }, fixApplies: false } : false;
  }
  const yamlLoad = names.find((q) => YAML_LOADS.has(q));
  return yamlLoad ? yamlWithoutSafeLoader(match, yamlLoad) : false;
};

function yamlWithoutSafeLoader(call: Node, callee: string): ReturnType<Check> {
  const loader = argumentOf(call, 1, 'Loader');
  const fn = call.childForFieldName('function');
  if (!loader) {
    // `yaml.load(x)` → `yaml.safe_load(x)`; a bare imported `load(x)` has no module name to reuse.
    const fixable = fn?.type === 'attribute';
    const safe = lastSegment(callee) === 'load_all' ? 'safe_load_all' : 'safe_load';
    const object = fn?.childForFieldName('object');
    const fixed = fixable && object && fn ? replaceWithin(call, fn, `${object.text}.${safe}`) : call.text;
    return { messageId: 'yaml-without-loader', vars: { callee, fixed }, fixApplies: fixable };
  }
  const loaderNames = qualifiedNames(loader).map(lastSegment);
  const loaderName = loaderNames[0] ?? lastSegment(unwrap(loader).text);
  if (SAFE_YAML_LOADERS.has(loaderName) || !UNSAFE_YAML_LOADERS.has(loaderName)) return false;
  const l = unwrap(loader);
  const attribute = l.type === 'attribute' ? l.childForFieldName('attribute') : undefined;
  const fixed = attribute ? replaceWithin(call, attribute, attribute.text.startsWith('C') ? 'CSafeLoader' : 'SafeLoader') : call.text;
  return { messageId: 'yaml-unsafe-loader', vars: { callee, loader: loaderName, fixed }, fixApplies: !!attribute };
}
