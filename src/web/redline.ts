/**
 * Issue 13: a redline people can read. A deletion followed straight by an insertion ("at" struck
 * through, then "twice") would run together as "attwice" on screen and when read aloud; a space
 * goes between two changes of different kinds that touch without one. PURE.
 */

export interface RedlinePart {
  op: string;
  text: string;
}

/** The parts with `spaceBefore` set where a change meets a change of the other kind unspaced. */
export function spacedRedline(
  parts: readonly RedlinePart[],
): (RedlinePart & { spaceBefore: boolean })[] {
  return parts.map((part, index) => {
    const previous = index > 0 ? parts[index - 1] : undefined;
    const spaceBefore =
      previous !== undefined &&
      part.op !== 'equal' &&
      previous.op !== 'equal' &&
      previous.op !== part.op &&
      !/\s$/.test(previous.text) &&
      !/^\s/.test(part.text);
    return { ...part, spaceBefore };
  });
}
