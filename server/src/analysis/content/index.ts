/** The text checks of content/ (hidden Unicode, prompt injection), by the names rule files use. */
import type { TextCheck } from '../checks/checkTypes';
import { hiddenUnicodeBidi } from './bidiControls';

export const contentChecks: Record<string, TextCheck> = {
  hiddenUnicodeBidi,
};
