import type { Check } from './checkTypes';

export const goChecks: Record<string, Check> = {};
