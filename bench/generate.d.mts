// Types of the generator's exports that TypeScript tests use (the generator itself is plain JS for the bench).
/** mulberry32: a seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number;
