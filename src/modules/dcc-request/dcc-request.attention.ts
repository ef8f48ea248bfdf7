import { addWorkingDays } from '../../calendar/index.ts';
import { formatDate } from '../../calendar/format.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { DUE_SOON_WORKING_DAYS, isDueSoon, isOverdue, sectionName } from './dcc-request.ts';
import { watchesDccRequests } from './dcc-request.access.ts';
import { openRequestsDueBy } from './dcc-request.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.10: overdue information requests on the home pages of the Panel, SECAS and the DCC; the
 * DCC also sees the open ones due within DUE_SOON_WORKING_DAYS Working Days.
 */
export const dccRequestAttention: AttentionProvider = async (ctx, principal) => {
  if (!watchesDccRequests(principal)) return [];
  const today = todayOf(ctx.now());
  const isDcc = hasAnyRole(principal, ['dcc']);
  const horizon = isDcc
    ? addWorkingDays(await calendarFor(ctx), today, DUE_SOON_WORKING_DAYS)
    : today;
  const items: AttentionItem[] = [];
  for (const row of await openRequestsDueBy(ctx.db, horizon)) {
    const request = { status: row.status, dueDate: row.dueDate };
    const section = sectionName(row.ridSection);
    const about = `${row.releaseName}${section ? `, RID section ${section}` : ''}`;
    if (isOverdue(request, today))
      items.push({
        title: `Overdue information request to the DCC: ${row.subject}`,
        detail: `${about}. It was due ${formatDate(row.dueDate)} (D10.10).`,
        href: `/dcc-requests/${row.id}`,
        due: row.dueDate,
        severity: 'overdue',
      });
    else if (isDcc && isDueSoon(request, today, horizon))
      items.push({
        title: `Information request due ${formatDate(row.dueDate)}: ${row.subject}`,
        detail: `${about}. The Panel asks the DCC for this information (D10.10).`,
        href: `/dcc-requests/${row.id}`,
        due: row.dueDate,
        severity: 'due',
      });
  }
  return items.slice(0, LIMIT);
};
