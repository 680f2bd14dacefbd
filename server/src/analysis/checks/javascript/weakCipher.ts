/**
 * js-weak-cipher: Node `crypto` ciphers (and node-forge / CryptoJS equivalents) that are broken by
 * construction — the IV-less `createCipher`, ECB mode, DES/3DES/RC2/RC4/Blowfish.
 */
import type { Check } from '../checkTypes';
import { argumentAt, calleeName, stringValue } from '../../dataflow/javascript/bindings';

/** ECB in any cipher; 64-bit-block or broken ciphers (DES, 3DES, RC2, RC4, Blowfish, CAST, IDEA). */
const WEAK_ALGORITHM = /(^|-)ecb$|^(des|des3|3des|tripledes|des-ede\d?)($|-)|^rc[24]($|-)|^(bf|blowfish|cast5?|idea)($|-)/i;


export const jsWeakCipher: Check = ({ match, captures }) => {
  // The CryptoJS patterns: `CryptoJS.mode.ECB`, `CryptoJS.DES.encrypt(…)` (the query names them).
  if (match.type === 'member_expression') return { messageId: 'ecb', vars: { algorithm: 'CryptoJS.mode.ECB' } };
  if (captures.algo) return { vars: { algorithm: `CryptoJS.${captures.algo.text}` } };
  const fn = calleeName(match) ?? '';
  const algorithmNode = argumentAt(match, 0);
  const algorithm = algorithmNode ? stringValue(algorithmNode) : undefined;
  if (fn === 'createCipher' || fn === 'createDecipher') {
    // node-forge's `forge.cipher.createCipher('AES-CBC', key)` takes its IV in `start({ iv })`: only its algorithm matters.
    const forge = /(^|\.)cipher$/.test(match.childForFieldName('function')?.childForFieldName('object')?.text ?? '');
    if (!forge) return { messageId: 'create-cipher', vars: { algorithm: `crypto.${fn}` } };
  }
  if (!algorithm || !WEAK_ALGORITHM.test(algorithm)) return false;
  return { messageId: /ecb$/i.test(algorithm) ? 'ecb' : undefined, vars: { algorithm } };
};
