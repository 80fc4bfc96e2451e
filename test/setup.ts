import fc from 'fast-check';

// Every property test runs on the same generated inputs on every run and machine, so a
// failure (or a surviving mutant in `npm run mutation`) is reproducible. FC_SEED=<n>
// explores other inputs for a while by hand; a case found that way becomes a plain test.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20260301) });
