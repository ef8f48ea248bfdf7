/** The bank-holiday regions a secrel installation can run its Working Day calendar in. */
export const REGIONS = ['england-and-wales', 'scotland', 'northern-ireland', 'union'] as const;

/**
 * A bank-holiday region. `union` is not a division of the UK: a day is a holiday in `union` if
 * it is a holiday in any of the other three.
 */
export type Region = (typeof REGIONS)[number];

/** One of the three UK bank-holiday divisions (every region but `union`). */
export type Division = Exclude<Region, 'union'>;

/** The divisions, in the order GOV.UK lists them. */
export const DIVISIONS: readonly Division[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** Rule: the region used when none is configured is England and Wales. */
export const DEFAULT_REGION: Region = 'england-and-wales';

/** Rule: a string is a Region only if it is exactly one of {@link REGIONS} (case-sensitive). */
export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}
