import { meetingsAttention, overdueActionsAttention } from '../meeting/meeting.attention.ts';
import { modificationAttention } from '../modification/modification.attention.ts';
import { outboxAttention } from '../notification/outbox.attention.ts';
import {
  unsoughtViewsAttention,
  viewRequestsAttention,
} from '../refinement/refinement.attention.ts';
import {
  outstandingRequestsAttention,
  pendingRequestsAttention,
} from '../timetable/timetable.attention.ts';
import {
  ownResponsesAttention,
  unansweredConsultationsAttention,
  unsummarisedConsultationsAttention,
} from '../consultation/consultation.attention.ts';
import { policyDecisionAttention } from '../policy/policy.attention.ts';
import { outOfStepAttention, unallocatedAttention } from '../allocation/allocation.attention.ts';
import { lateMilestonesAttention } from '../release/release.attention.ts';
import { releaseNoticeAttention } from '../notice/notice.attention.ts';
import { dccRequestAttention } from '../dcc-request/dcc-request.attention.ts';
import { missingReadinessAttention } from '../testing/testing.attention.ts';
import {
  appealWindowsAttention,
  appealsAttention,
  ownAppealsAttention,
} from '../appeal/appeal.attention.ts';
import { tadRequestAttention, tadReviewAttention } from '../tad/tad.attention.ts';
import {
  auditorAccessAttention,
  auditorAppointmentAttention,
} from '../auditor/auditor.attention.ts';
import { ridAttention } from '../rid/rid.attention.ts';
import type { AttentionProvider } from '../../web/attention.ts';

/** Every module's contribution to the home pages. */
export const ATTENTION_PROVIDERS: readonly AttentionProvider[] = [
  outboxAttention,
  modificationAttention,
  overdueActionsAttention,
  meetingsAttention,
  outstandingRequestsAttention,
  pendingRequestsAttention,
  viewRequestsAttention,
  unsoughtViewsAttention,
  unansweredConsultationsAttention,
  unsummarisedConsultationsAttention,
  policyDecisionAttention,
  unallocatedAttention,
  outOfStepAttention,
  lateMilestonesAttention,
  releaseNoticeAttention,
  missingReadinessAttention,
  dccRequestAttention,
  appealsAttention,
  appealWindowsAttention,
  ownAppealsAttention,
  ownResponsesAttention,
  tadRequestAttention,
  tadReviewAttention,
  auditorAccessAttention,
  auditorAppointmentAttention,
  ridAttention,
];
