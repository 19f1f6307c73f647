/** The Goldilocks prime p = 2^64 − 2^32 + 1, the field of every tree hash. */
export const GOLDILOCKS_P = 0xffffffff00000001n;

