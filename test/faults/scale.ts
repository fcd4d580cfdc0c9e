/** How hard the fault suite pushes: `npm run test:faults` sets FEDCXR_FAULTS=full (20 trials, 500 fuzz inputs per handler); `npm test` runs the reduced set. */
export const FULL = process.env.FEDCXR_FAULTS === 'full';
/** Trials of each real-process fault. */
export const TRIALS = FULL ? 20 : 2;
/** Generated inputs per fuzzed handler. */
export const FUZZ_PER_HANDLER = FULL ? 500 : 40;
