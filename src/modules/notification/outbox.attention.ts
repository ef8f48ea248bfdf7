import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { canAdminister } from '../identity/identity.access.ts';
import { countOutbox } from '../../outbox/outbox.store.ts';

function messages(count: number): string {
  return count === 1 ? '1 e-mail' : `${count} e-mails`;
}

/**
 * The Code Administrator is told of e-mail that failed to send (overdue: someone is missing a
 * notice) and, when SMTP is not configured, of e-mail waiting unsent in the outbox. Others: none.
 */
export const outboxAttention: AttentionProvider = async (ctx, principal) => {
  if (!canAdminister(principal)) return [];
  const counts = await countOutbox(ctx.db);
  const items: AttentionItem[] = [];
  if (counts.failed > 0) {
    items.push({
      title: `${messages(counts.failed)} failed to send`,
      detail: 'Sending kept failing. Check the error on each, then send them again.',
      href: '/admin/outbox?status=failed',
      severity: 'overdue',
    });
  }
  if (counts.pending > 0 && ctx.config.smtpUrl === undefined) {
    items.push({
      title: `${messages(counts.pending)} waiting in the outbox`,
      detail: 'SMTP is not configured (SMTP_URL), so e-mail is kept in the outbox and not sent.',
      href: '/admin/outbox?status=pending',
      severity: 'info',
    });
  }
  return items;
};
