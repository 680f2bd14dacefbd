import type { Check } from './checkTypes';

export const pythonChecks: Record<string, Check> = {};
