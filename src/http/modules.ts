import type { FastifyInstance } from 'fastify';
import { registerAuditPages } from '../modules/audit/audit.pages.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerCalendarPages } from '../modules/calendar/calendar.pages.ts';
import { registerCalendarRoutes } from '../modules/calendar/calendar.routes.ts';
import { registerCataloguePages } from '../modules/catalogue/catalogue.pages.ts';
import { registerCatalogueRoutes } from '../modules/catalogue/catalogue.routes.ts';
import { registerCodeTextPages } from '../modules/code-text/code-text.pages.ts';
import { registerCodeTextRoutes } from '../modules/code-text/code-text.routes.ts';
import { registerDecisionRoutes } from '../modules/decision/decision.routes.ts';
import { registerHomePages } from '../modules/home/home.pages.ts';
import { registerImplementationPages } from '../modules/implementation/implementation.pages.ts';
import { registerMeetingPages } from '../modules/meeting/meeting.pages.ts';
import { registerMeetingRoutes } from '../modules/meeting/meeting.routes.ts';
import { registerTimetableRoutes } from '../modules/timetable/timetable.routes.ts';
import { registerIdentityPages } from '../modules/identity/identity.pages.ts';
import { registerIdentityRoutes } from '../modules/identity/identity.routes.ts';
import { registerOidcPages } from '../modules/identity/oidc.pages.ts';
import { registerModificationDetailPages } from '../modules/modification/modification-detail.pages.ts';
import { registerModificationPages } from '../modules/modification/modification.pages.ts';
import { registerModificationRoutes } from '../modules/modification/modification.routes.ts';
import { registerOutboxPages } from '../modules/notification/outbox.pages.ts';
import { registerOutboxRoutes } from '../modules/notification/outbox.routes.ts';
import { registerNotificationPages } from '../modules/notification/notification.pages.ts';
import { registerNotificationRoutes } from '../modules/notification/notification.routes.ts';
import { registerFeedRoutes } from '../modules/feed/feed.routes.ts';
import { registerRefinementPages } from '../modules/refinement/refinement.pages.ts';
import { registerRefinementRoutes } from '../modules/refinement/refinement.routes.ts';
import { registerViewsPages } from '../modules/refinement/views.pages.ts';
import { registerPolicyPages } from '../modules/policy/policy.pages.ts';
import { registerPolicyRoutes } from '../modules/policy/policy.routes.ts';
import { registerConsultationFormPages } from '../modules/consultation/consultation-forms.pages.ts';
import { registerConsultationPages } from '../modules/consultation/consultation.pages.ts';
import { registerConsultationSummaryPages } from '../modules/consultation/consultation-summary.pages.ts';
import { registerConsultationRoutes } from '../modules/consultation/consultation.routes.ts';
import { registerCostPages } from '../modules/cost/cost.pages.ts';
import { registerCostRoutes } from '../modules/cost/cost.routes.ts';
import { registerGoLivePages } from '../modules/go-live/go-live.pages.ts';
import { registerGoLiveRoutes } from '../modules/go-live/go-live.routes.ts';
import { registerAllocationPages } from '../modules/allocation/allocation.pages.ts';
import { registerAllocationRoutes } from '../modules/allocation/allocation.routes.ts';
import { registerReleasePages } from '../modules/release/release.pages.ts';
import { registerReleaseRoutes } from '../modules/release/release.routes.ts';
import { registerNoticePages } from '../modules/notice/notice.pages.ts';
import { registerNoticeRoutes } from '../modules/notice/notice.routes.ts';
import { registerDccRequestPages } from '../modules/dcc-request/dcc-request.pages.ts';
import { registerDccRequestRoutes } from '../modules/dcc-request/dcc-request.routes.ts';
import { registerReadinessPages } from '../modules/testing/readiness.pages.ts';
import { registerReadinessRoutes } from '../modules/testing/readiness.routes.ts';
import { registerTestingPages } from '../modules/testing/testing.pages.ts';
import { registerTestingRoutes } from '../modules/testing/testing.routes.ts';
import { registerAppealPages } from '../modules/appeal/appeal.pages.ts';
import { registerAppealRoutes } from '../modules/appeal/appeal.routes.ts';
import { registerTadPages } from '../modules/tad/tad.pages.ts';
import { registerTadRoutes } from '../modules/tad/tad.routes.ts';
import { registerAuditorPages } from '../modules/auditor/auditor.pages.ts';
import { registerAuditorRoutes } from '../modules/auditor/auditor.routes.ts';
import { registerAuditorWorkspacePages } from '../modules/auditor/auditor-workspace.pages.ts';
import { registerAuditorWorkspaceRoutes } from '../modules/auditor/auditor-workspace.routes.ts';
import { registerRidPages } from '../modules/rid/rid.pages.ts';
import { registerRidRoutes } from '../modules/rid/rid.routes.ts';
import { registerHistoryRoutes } from '../modules/history/history.routes.ts';
import { registerRulesPages } from '../modules/rules/rules.pages.ts';
import { registerRulesRoutes } from '../modules/rules/rules.routes.ts';
import { registerHealthRoute } from './health.ts';

type Register = (app: FastifyInstance) => void;

/** Every module's routes and pages, mounted in one place. */
export function registerModules(app: FastifyInstance): void {
  const modules: Register[] = [
    registerHealthRoute,
    registerIdentityRoutes,
    registerIdentityPages,
    registerOidcPages,
    registerHomePages,
    registerRulesRoutes,
    registerRulesPages,
    registerAuditRoutes,
    registerAuditPages,
    registerCalendarRoutes,
    registerCalendarPages,
    registerOutboxRoutes,
    registerOutboxPages,
    registerNotificationRoutes,
    registerNotificationPages,
    registerFeedRoutes,
    registerCatalogueRoutes,
    registerCataloguePages,
    registerCodeTextRoutes,
    registerCodeTextPages,
    registerModificationRoutes,
    registerModificationPages,
    registerModificationDetailPages,
    registerDecisionRoutes,
    registerMeetingRoutes,
    registerTimetableRoutes,
    registerMeetingPages,
    registerImplementationPages,
    registerRefinementRoutes,
    registerRefinementPages,
    registerViewsPages,
    registerPolicyRoutes,
    registerPolicyPages,
    registerConsultationRoutes,
    registerConsultationPages,
    registerConsultationFormPages,
    registerConsultationSummaryPages,
    registerReleaseRoutes,
    registerAllocationRoutes,
    registerNoticeRoutes,
    registerNoticePages,
    registerReleasePages,
    registerAllocationPages,
    registerCostRoutes,
    registerCostPages,
    registerGoLiveRoutes,
    registerGoLivePages,
    registerRidRoutes,
    registerRidPages,
    registerHistoryRoutes,
    registerTestingRoutes,
    registerTestingPages,
    registerReadinessRoutes,
    registerReadinessPages,
    registerDccRequestRoutes,
    registerDccRequestPages,
    registerAppealRoutes,
    registerAppealPages,
    registerTadRoutes,
    registerTadPages,
    registerAuditorRoutes,
    registerAuditorPages,
    registerAuditorWorkspaceRoutes,
    registerAuditorWorkspacePages,
  ];
  for (const register of modules) register(app);
}
