import type { Check } from './checkTypes';

export const javascriptWebChecks: Record<string, Check> = {};
