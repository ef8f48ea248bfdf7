/**
 * The reads of consultations that other modules use (the Policy's and the TAD's consultations);
 * the consultation stores stay private to this module.
 */
export {
  closedConsultationFor,
  listConsultations,
  type Consultation,
  type ConsultationFilter,
  type ConsultationRow,
} from './consultation.store.ts';
