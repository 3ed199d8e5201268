import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { AccountsService } from '../accounts/accounts-service.js';
import type { Sql } from '../accounts/sql.js';
import { HttpError } from '../http/errors.js';
import type { RealtimeHub } from '../realtime/realtime-hub.js';
import type { Mailer } from '../services/mail/index.js';

export interface NotificationInput {
  /** Namespaced by the kernel: `<plugin>.<type>`, e.g. `feed.reaction`. */
  type: string;
  recipientId: string;
  actorId?: string | null;
  target?: { type: string; id: string };
  /** Key of the text in the plugin's locale strings; rendered in the recipient's language. */
  textKey: string;
  data?: Record<string, unknown>;
}

export interface NotificationView {
  id: string;
  type: string;
  actorIds: string[];
  actorCount: number;
  target: { type: string; id: string } | null;
  textKey: string;
  text: string;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  type: string;
  actor_ids: string[];
  actor_count: number;
  target_type: string;
  target_id: string;
  text_key: string;
  data: Record<string, unknown> | string;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Renders a notification's text in a language; the languages service plugs in here. */
export type NotificationRenderer = (n: { textKey: string; actorNames: string[]; actorCount: number; data: Record<string, unknown> }, locale: string) => string;

const englishFallback: NotificationRenderer = ({ actorNames, actorCount, textKey }) => {
  const who = actorNames[0] ?? 'Someone';
  return actorCount > 1 ? `${who} and ${actorCount - 1} other${actorCount > 2 ? 's' : ''}: ${textKey}` : `${who}: ${textKey}`;
};

/**
 * Plugins send notifications; the kernel stores them (grouping similar unread ones), pushes them
 * to the recipient's realtime channel, mails them when the recipient asked for that type by mail,
 * and lists and marks them read. Nothing is sent across a block or to the actor themself.
 */
export class NotificationService {
  private render: NotificationRenderer = englishFallback;

  constructor(
    private readonly sql: Sql,
    private readonly accounts: AccountsService,
    private readonly hub: RealtimeHub,
    private readonly mailer: Mailer,
    private readonly log: FastifyBaseLogger,
  ) {}

  useRenderer(render: NotificationRenderer): void {
    this.render = render;
  }

  async send(input: NotificationInput): Promise<NotificationView | null> {
    const actorId = input.actorId ?? null;
    if (actorId === input.recipientId) return null;
    if (actorId && (await this.accounts.isBlocked(input.recipientId, actorId))) return null;
    const recipient = await this.accounts.getUser(input.recipientId);
    if (!recipient || recipient.suspended_at) return null;
    const prefs = await this.preference(input.recipientId, input.type);
    let view: NotificationView | null = null;
    if (prefs.inApp) {
      const actors = actorId ? [actorId] : [];
      const [row] = await this.sql<Row>(
        `insert into kernel_notification (id, recipient_id, type, actor_ids, actor_count, target_type, target_id, text_key, data)
         values (?, ?, ?, ?::uuid[], ?, ?, ?, ?, ?)
         on conflict (recipient_id, type, target_type, target_id) where read_at is null do update set
           actor_ids = case when excluded.actor_ids <@ kernel_notification.actor_ids then kernel_notification.actor_ids
                            else (excluded.actor_ids || kernel_notification.actor_ids)[1:20] end,
           actor_count = kernel_notification.actor_count + case when excluded.actor_ids <@ kernel_notification.actor_ids then 0 else 1 end,
           text_key = excluded.text_key, data = excluded.data, updated_at = now()
         returning *`,
        [uuidv7(), input.recipientId, input.type, `{${actors.join(',')}}`, actors.length, input.target?.type ?? '', input.target?.id ?? '', input.textKey, JSON.stringify(input.data ?? {})],
      );
      view = await this.toView(row!, recipient.language);
      await this.hub.publish(`user:${input.recipientId}`, { type: 'notification', notification: view });
    }
    if (prefs.email) {
      const text = view?.text ?? (await this.renderText(input.textKey, actorId ? [actorId] : [], actorId ? 1 : 0, input.data ?? {}, recipient.language));
      await this.mailer.send({ to: recipient.email, subject: text.slice(0, 120), text }).catch((error) => this.log.error({ err: error }, 'notification mail failed'));
    }
    return view;
  }

  async list(userId: string, options: { unreadOnly?: boolean; cursor?: string; limit: number }): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const params: unknown[] = [userId];
    let where = 'recipient_id = ?';
    if (options.unreadOnly) where += ' and read_at is null';
    if (options.cursor) {
      const [at, id] = decodeCursor(options.cursor);
      where += ' and (updated_at, id) < (?::timestamptz, ?::uuid)';
      params.push(at, id);
    }
    params.push(options.limit + 1);
    const rows = await this.sql<Row>(`select * from kernel_notification where ${where} order by updated_at desc, id desc limit ?`, params);
    const user = await this.accounts.getUser(userId);
    const items = await Promise.all(rows.slice(0, options.limit).map((r) => this.toView(r, user?.language ?? 'en')));
    const last = rows.length > options.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? Buffer.from(`${last.updatedAt}|${last.id}`).toString('base64url') : null };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.sql<{ n: number }>('select count(*)::int as n from kernel_notification where recipient_id = ? and read_at is null', [userId]);
    return row!.n;
  }

  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    const rows = ids === 'all'
      ? await this.sql('update kernel_notification set read_at = now() where recipient_id = ? and read_at is null returning id', [userId])
      : ids.length === 0 ? [] : await this.sql(`update kernel_notification set read_at = now() where recipient_id = ? and read_at is null and id in (${ids.map(() => '?').join(', ')}) returning id`, [userId, ...ids]);
    if (rows.length > 0) await this.hub.publish(`user:${userId}`, { type: 'notifications.read', ids: rows.map((r) => (r as { id: string }).id) });
    return rows.length;
  }

  async preference(userId: string, type: string): Promise<{ inApp: boolean; email: boolean }> {
    const [row] = await this.sql<{ in_app: boolean; email: boolean }>('select in_app, email from kernel_notification_preference where user_id = ? and type = ?', [userId, type]);
    return row ? { inApp: row.in_app, email: row.email } : { inApp: true, email: false };
  }

  async preferences(userId: string): Promise<Array<{ type: string; inApp: boolean; email: boolean }>> {
    const rows = await this.sql<{ type: string; in_app: boolean; email: boolean }>('select type, in_app, email from kernel_notification_preference where user_id = ? order by type', [userId]);
    return rows.map((r) => ({ type: r.type, inApp: r.in_app, email: r.email }));
  }

  async setPreference(userId: string, type: string, pref: { inApp: boolean; email: boolean }): Promise<void> {
    await this.sql(
      'insert into kernel_notification_preference (user_id, type, in_app, email) values (?, ?, ?, ?) on conflict (user_id, type) do update set in_app = excluded.in_app, email = excluded.email',
      [userId, type, pref.inApp, pref.email],
    );
  }

  private async toView(row: Row, locale: string): Promise<NotificationView> {
    const data = typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data;
    return {
      id: row.id,
      type: row.type,
      actorIds: row.actor_ids,
      actorCount: row.actor_count,
      target: row.target_type ? { type: row.target_type, id: row.target_id } : null,
      textKey: row.text_key,
      text: await this.renderText(row.text_key, row.actor_ids, row.actor_count, data, locale),
      data,
      read: row.read_at !== null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  private async renderText(textKey: string, actorIds: string[], actorCount: number, data: Record<string, unknown>, locale: string): Promise<string> {
    const actors = await this.accounts.getPublicUsers(actorIds.slice(0, 2));
    const names = actorIds.slice(0, 2).map((id) => actors.find((a) => a.id === id)?.displayName ?? '?');
    return this.render({ textKey, actorNames: names, actorCount, data }, locale);
  }
}

function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this endpoint gave out.');
  return [at, id];
}
