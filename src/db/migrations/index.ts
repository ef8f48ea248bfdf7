import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as modifications from './0002-modifications.ts';
import * as bodies from './0003-bodies.ts';
import * as consultationsPolicy from './0004-consultations-policy.ts';
import * as releases from './0005-releases.ts';
import * as releaseNoticesCostsGoLive from './0006-release-notices-costs-go-live.ts';
import * as ridTadTestingAuditor from './0007-rid-tad-testing-auditor.ts';
import * as cutOver from './0008-cut-over.ts';
import * as workingDayDeadlines from './0009-working-day-deadlines.ts';
import * as releaseStatus from './0010-release-status.ts';
import * as allocationInStep from './0011-allocation-in-step.ts';
import * as consultationsLive from './0012-consultations-live.ts';
import * as documents from './0014-documents.ts';
import * as history from './0015-history.ts';
import * as policyGovernance from './0016-policy-governance.ts';
import * as tadConditions from './0017-tad-conditions.ts';
import * as releaseRecords from './0018-release-records.ts';
import * as signInThrottle from './0019-sign-in-throttle.ts';
import * as singleSignOn from './0020-single-sign-on.ts';
import * as renderCache from './0021-render-cache.ts';
import * as releaseHealth from './0022-release-health.ts';
import * as notifications from './0023-notifications.ts';
import * as publicSite from './0024-public-site.ts';
import * as formsAndExports from './0025-forms-and-exports.ts';
import * as codeText from './0026-code-text.ts';
import * as codeAmendments from './0027-code-amendments.ts';
import * as benchIndexes from './0028-bench-indexes.ts';
import * as appealAttachments from './0029-appeal-attachments.ts';
import * as codeEditorial from './0030-code-editorial.ts';
import * as codeAuthoring from './0031-code-authoring.ts';
import * as speed from './0032-speed.ts';
import * as releaseDecisionMeeting from './0033-release-decision-meeting.ts';
import * as panelDecisionMeetings from './0034-panel-decision-meetings.ts';
import * as panelRecordWindow from './0035-panel-record-window.ts';

/** Every migration, in order. Forward-only; the same files run on PGlite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-modifications': modifications,
  '0003-bodies': bodies,
  '0004-consultations-policy': consultationsPolicy,
  '0005-releases': releases,
  '0006-release-notices-costs-go-live': releaseNoticesCostsGoLive,
  '0007-rid-tad-testing-auditor': ridTadTestingAuditor,
  '0008-cut-over': cutOver,
  '0009-working-day-deadlines': workingDayDeadlines,
  '0010-release-status': releaseStatus,
  '0011-allocation-in-step': allocationInStep,
  '0012-consultations-live': consultationsLive,
  '0014-documents': documents,
  '0015-history': history,
  '0016-policy-governance': policyGovernance,
  '0017-tad-conditions': tadConditions,
  '0018-release-records': releaseRecords,
  '0019-sign-in-throttle': signInThrottle,
  '0020-single-sign-on': singleSignOn,
  '0021-render-cache': renderCache,
  '0022-release-health': releaseHealth,
  '0023-notifications': notifications,
  '0024-public-site': publicSite,
  '0025-forms-and-exports': formsAndExports,
  '0026-code-text': codeText,
  '0027-code-amendments': codeAmendments,
  '0028-bench-indexes': benchIndexes,
  '0029-appeal-attachments': appealAttachments,
  '0030-code-editorial': codeEditorial,
  '0031-code-authoring': codeAuthoring,
  '0032-speed': speed,
  '0033-release-decision-meeting': releaseDecisionMeeting,
  '0034-panel-decision-meetings': panelDecisionMeetings,
  '0035-panel-record-window': panelRecordWindow,
};
