import { Type } from 'typebox';
import { HELD_OUTSIDE_LABEL } from './installation.ts';
import { MAX_SOURCE_SUMMARY, MAX_SOURCE_URL } from './history-source.ts';

/** Ruling 13: the published source of a record held outside secrel. */
export const HistorySourceSchema = Type.Object({
  url: Type.Union([Type.String(), Type.Null()], {
    description: 'The page on the SEC website that published it',
  }),
  summary: Type.Union([Type.String(), Type.Null()], {
    description: 'The published summary, as recorded',
  }),
  recordedAt: Type.String({ format: 'date-time' }),
});

/**
 * Ruling 13: the fields every record that may be history carries in the API: whether it was
 * recorded from before the cut-over ("held outside secrel") and, if so, its source.
 */
export const HeldOutsideFields = {
  heldOutsideSecrel: Type.Boolean({
    description: `Ruling 13: true when recorded from before the cut-over ("${HELD_OUTSIDE_LABEL}")`,
  }),
  historySource: Type.Union([HistorySourceSchema, Type.Null()], {
    description: 'Ruling 13: the published source of a record held outside secrel; null when live',
  }),
};

/**
 * Ruling 13: the published source a live route takes with a record dated before the cut-over
 * (required then, refused for a live record): the page on the SEC website, its summary, or both.
 */
export const HistorySourceFields = {
  sourceUrl: Type.Optional(
    Type.String({
      maxLength: MAX_SOURCE_URL,
      description:
        'Ruling 13: for a record dated before the cut-over, the page on the SEC website that published it',
    }),
  ),
  sourceSummary: Type.Optional(
    Type.String({
      maxLength: MAX_SOURCE_SUMMARY,
      description: 'Ruling 13: for a record dated before the cut-over, the published summary',
    }),
  ),
};
