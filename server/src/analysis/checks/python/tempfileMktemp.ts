/** py-tempfile-mktemp: `tempfile.mktemp` returns a name, not a file; another process can create it first. */
import type { Check } from '../checkTypes';
import { calleeIn, isRenamedImport } from './common';

const MKTEMP = new Set(['tempfile.mktemp']);

export const pyTempfileMktemp: Check = ({ match, captures }) => (!captures.renamed || isRenamedImport(captures.renamed)) && !!calleeIn(match, MKTEMP);
