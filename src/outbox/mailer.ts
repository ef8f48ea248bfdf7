import nodemailer from 'nodemailer';
import type { OutboxRow } from './outbox.store.ts';

/** Sends one outbox message; throws when the SMTP server does not accept it. */
export interface Mailer {
  send(row: OutboxRow): Promise<void>;
  close(): void;
}

/**
 * An SMTP mailer for `SMTP_URL` (`smtp://` or `smtps://`, credentials in the URL). Connecting
 * gives up after 10 s, the greeting after 10 s and an idle socket after 30 s, so one dead server
 * cannot hold a worker's lease for long.
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(row) {
      await transport.sendMail({
        from,
        to: row.to_name === '' ? row.to_address : { name: row.to_name, address: row.to_address },
        subject: row.subject,
        text: row.body_text,
        // The Message-ID was fixed when the message was queued, not now. If the worker dies
        // after the SMTP server accepted the message but before it was marked sent, the retry
        // carries the same Message-ID, so receivers and mail stores can de-duplicate it.
        messageId: row.message_id,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
