/*
 * What other modules read of a modification's implementation timetable (the store stays
 * private): its versions, the representations about it and the requests to the Authority, and
 * where it stands against its implementation date (ruling 17).
 */
export {
  dateStandings,
  listRepresentations,
  listRequests,
  timetableHistory,
  type RequestEntry,
  type TimetableEntry,
} from './timetable.store.ts';
