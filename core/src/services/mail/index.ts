import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import { v7 as uuidv7 } from 'uuid';
import type { ResolvedConfig } from '../../config/resolved.js';
import type { Sql } from '../../accounts/sql.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly driver: 'outbox' | 'smtp';
  /** Records the message in the outbox (the source of truth), then delivers or logs it. */
  send(message: MailMessage): Promise<{ id: string }>;
  close(): Promise<void>;
}

/**
 * Mail always lands in `kernel_mail_outbox` first, so nothing is lost if SMTP is down. Without
 * SMTP the message is also written to the log: an operator on embedded defaults reads the links
 * there. With SMTP it is sent at once; failures stay in the outbox with their error.
 */
export function createMailer(config: ResolvedConfig, sql: Sql, log: FastifyBaseLogger): Mailer {
  const smtp = config.mail.smtp;
  let transport: Transporter | undefined;
  if (smtp.host) {
    transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: config.secrets.smtpPassword } : undefined,
    });
  }
  return {
    driver: transport ? 'smtp' : 'outbox',
    async send(message) {
      const id = uuidv7();
      await sql('insert into kernel_mail_outbox (id, to_address, subject, text_body) values (?, ?, ?, ?)', [id, message.to, message.subject, message.text]);
      if (!transport) {
        log.info({ mail: { id, to: message.to, subject: message.subject } }, `mail to ${message.to}: ${message.subject}\n${message.text}`);
        await sql('update kernel_mail_outbox set sent_at = now(), attempts = 1 where id = ?', [id]);
        return { id };
      }
      try {
        await transport.sendMail({ from: config.mail.from, to: message.to, subject: message.subject, text: message.text });
        await sql('update kernel_mail_outbox set sent_at = now(), attempts = attempts + 1 where id = ?', [id]);
      } catch (error) {
        log.error({ err: error, mail: { id, to: message.to } }, 'sending mail failed; it stays in the outbox');
        await sql('update kernel_mail_outbox set attempts = attempts + 1, last_error = ? where id = ?', [(error as Error).message, id]);
      }
      return { id };
    },
    async close() {
      transport?.close();
    },
  };
}
