// Types for eslint.config.mjs (its import-zone rule is tested by test/unit/repo/import-zones.test.ts).
import type { Linter } from 'eslint';
declare const config: Linter.Config[];
export default config;
