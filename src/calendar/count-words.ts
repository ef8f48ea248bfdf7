/**
 * A count in words with its noun in the right number: "1 appeal", "2 appeals", never
 * "1 appeal(s)". Pure.
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${String(count)} ${count === 1 ? singular : plural}`;
}
