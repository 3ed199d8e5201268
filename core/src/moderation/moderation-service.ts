import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { AccountsService, AuthUser } from '../accounts/accounts-service.js';
import { audit } from '../accounts/audit.js';
import type { RequestOrigin } from '../accounts/session-tokens.js';
import type { Sql } from '../accounts/sql.js';
import type { UserRow } from '../accounts/users.js';
import { HttpError } from '../http/errors.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { ModeratedItem, ModerationItemDeclaration, PluginContext, ReportInput } from '../plugins/manifest.js';
import { PluginError } from '../plugins/plugin-error.js';
import type { PluginRegistry } from '../plugins/registry.js';

export const RESOLUTIONS = ['dismiss', 'remove', 'warn', 'suspend'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** What the queue shows of a person: enough to recognise them and open their account. */
export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  role: UserRow['role'];
  status: 'active' | 'suspended';
}

export interface ReportCaseView {
  /** The case: every report on one item while it is open. Resolve it with this id. */
  id: string;
  plugin: string;
  itemType: string;
  itemId: string;
  status: 'open' | 'resolved';
  /** The item as its plugin describes it now; null when it is gone or its plugin is disabled. */
  item: ModeratedItem | null;
  author: PersonView | null;
  reporterCount: number;
  /** Oldest first, at most 20. */
  reports: Array<{ id: string; reporter: PersonView | null; reason: string; details: string; createdAt: string }>;
  openedAt: string;
  lastReportedAt: string;
  resolution: { action: Resolution; reason: string; moderator: PersonView | null; at: string } | null;
}

interface CaseRow {
  id: string;
  plugin: string;
  item_type: string;
  item_id: string;
  status: 'open' | 'resolved';
  opened_at: Date;
  last_reported_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  action: Resolution | null;
  resolution_reason: string | null;
  author_id: string | null;
}

interface ReportRow {
  id: string;
  case_id: string;
  reporter_id: string;
  reason: string;
  details: string;
  created_at: Date;
}

type Query = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REPORTS_SHOWN = 20;

// Written out in full so the languages check sees every key.
const OUTCOME_TEXT: Record<Resolution, { textKey: string }> = {
  dismiss: { textKey: 'notification.moderation.report_dismissed' },
  remove: { textKey: 'notification.moderation.report_removed' },
  warn: { textKey: 'notification.moderation.report_warned' },
  suspend: { textKey: 'notification.moderation.report_suspended' },
};

/**
 * One moderation queue for every plugin. Plugins file reports with `ctx.moderation.report`; all
 * open reports on one item form a case; moderators resolve the case once (dismiss, remove, warn,
 * suspend), which is audited, and every reporter is told the outcome.
 */
export class ModerationService {
  constructor(
    private readonly sql: Sql,
    private readonly registry: PluginRegistry,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationService,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Called through a plugin's context, with its `ctx.db.query` so the report joins the plugin's transaction. */
  async file(plugin: string, itemTypes: string[], input: ReportInput, query: Query): Promise<{ id: string; created: boolean }> {
    if (!itemTypes.includes(input.itemType)) {
      throw new PluginError(`plugin ${plugin} reported a "${input.itemType}", which it does not declare in moderation.items`, [plugin]);
    }
    const reason = input.reason.trim().slice(0, 1000);
    if (!reason) throw new PluginError(`plugin ${plugin} filed a report without a reason`, [plugin]);
    const [found] = await query<{ id: string }>(
      `insert into kernel_report_case (id, plugin, item_type, item_id) values (?, ?, ?, ?)
       on conflict (plugin, item_type, item_id) where status = 'open' do update set last_reported_at = now()
       returning id`,
      [uuidv7(), plugin, input.itemType, input.itemId],
    );
    const caseId = found!.id;
    const inserted = await query<{ id: string }>(
      'insert into kernel_report (id, case_id, reporter_id, reason, details) values (?, ?, ?, ?, ?) on conflict (case_id, reporter_id) do nothing returning id',
      [uuidv7(), caseId, input.reporterId, reason, (input.details ?? '').slice(0, 4000)],
    );
    if (inserted.length > 0) return { id: inserted[0]!.id, created: true };
    const [existing] = await query<{ id: string }>('select id from kernel_report where case_id = ? and reporter_id = ?', [caseId, input.reporterId]);
    return { id: existing!.id, created: false };
  }

  /** Open cases oldest first (work the queue in order); resolved ones newest first. */
  async list(filter: { status: 'open' | 'resolved'; plugin?: string; cursor?: string; limit: number }): Promise<{ items: ReportCaseView[]; nextCursor: string | null }> {
    const open = filter.status === 'open';
    const where = ['status = ?'];
    const params: unknown[] = [filter.status];
    if (filter.plugin) where.push('plugin = ?') && params.push(filter.plugin);
    if (filter.cursor) {
      const after = Buffer.from(filter.cursor, 'base64url').toString('utf8');
      if (!UUID.test(after)) throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this endpoint gave out.');
      where.push(open ? 'id > ?' : 'id < ?') && params.push(after);
    }
    params.push(filter.limit + 1);
    const rows = await this.sql<CaseRow>(`select * from kernel_report_case where ${where.join(' and ')} order by id ${open ? 'asc' : 'desc'} limit ?`, params);
    const page = rows.slice(0, filter.limit);
    return {
      items: await this.views(page),
      nextCursor: rows.length > filter.limit ? Buffer.from(page[page.length - 1]!.id).toString('base64url') : null,
    };
  }

  async get(id: string): Promise<ReportCaseView> {
    return (await this.views([await this.findCase(id)]))[0]!;
  }

  /**
   * Resolves every open report on the item at once. Everything that could refuse is checked
   * before the case is claimed; the claim itself is one conditional update, so two moderators
   * resolving the same case at once act once.
   */
  async resolve(actor: AuthUser, id: string, input: { action: Resolution; reason: string }, origin: RequestOrigin): Promise<ReportCaseView> {
    const found = await this.findCase(id);
    if (found.status !== 'open') throw new HttpError(409, 'REPORT_ALREADY_RESOLVED', 'This report was already resolved.', { resolvedAt: found.resolved_at ? new Date(found.resolved_at).toISOString() : null });
    const target = this.declarationOf(found);
    const item = target ? await this.describe(target, found) : null;
    const unavailable = (why: string) => new HttpError(409, 'REPORT_ITEM_UNAVAILABLE', `Cannot ${input.action}: ${why}. Dismiss the report instead.`, { action: input.action });
    let author: UserRow | undefined;
    if (input.action !== 'dismiss') {
      if (!target) throw unavailable(`the ${found.plugin} plugin is disabled or no longer moderates ${found.item_type} items`);
      if (!item) throw unavailable('the reported item no longer exists');
      if (input.action === 'remove' && !target.declaration.remove && !item.removed) throw unavailable(`the ${found.plugin} plugin cannot remove ${found.item_type} items`);
      if (input.action === 'warn' || input.action === 'suspend') {
        author = item.authorId ? await this.accounts.getUser(item.authorId) : undefined;
        if (!author) throw unavailable('the item has no author account');
      }
    }
    if (input.action === 'suspend' && author) {
      if (author.id === actor.id) throw new HttpError(409, 'CANNOT_SUSPEND_SELF', 'You cannot suspend yourself.');
      // Suspending a moderator or an admin takes the power to manage accounts, not just to moderate.
      if (author.role !== 'user' && !this.accounts.permissions.has(actor.role, 'kernel.users.manage')) {
        throw new HttpError(403, 'FORBIDDEN', 'This needs the kernel.users.manage permission.', { permission: 'kernel.users.manage' });
      }
    }

    const claimed = await this.sql(
      `update kernel_report_case set status = 'resolved', resolved_at = now(), resolved_by = ?, action = ?, resolution_reason = ?, author_id = ?
        where id = ? and status = 'open' returning id`,
      [actor.id, input.action, input.reason, item?.authorId ?? null, found.id],
    );
    if (claimed.length === 0) throw new HttpError(409, 'REPORT_ALREADY_RESOLVED', 'This report was already resolved.');
    let removed = false;
    try {
      if ((input.action === 'remove' || input.action === 'suspend') && target?.declaration.remove && item && !item.removed) {
        await target.declaration.remove(target.ctx, found.item_id, { moderatorId: actor.id, reason: input.reason });
        removed = true;
      }
      if (input.action === 'suspend' && author) await this.accounts.suspend(actor, author.id, input.reason, origin);
    } catch (error) {
      // The action did not happen, so the case goes back to the queue as it was.
      await this.sql("update kernel_report_case set status = 'open', resolved_at = null, resolved_by = null, action = null, resolution_reason = null, author_id = null where id = ?", [found.id])
        .catch((revert: unknown) => this.log.error({ err: revert, caseId: found.id }, 'could not reopen a report case after its action failed'));
      throw error;
    }

    const reporters = (await this.sql<{ reporter_id: string }>('select reporter_id from kernel_report where case_id = ? order by id', [found.id])).map((r) => r.reporter_id);
    await audit(this.sql, {
      actorId: actor.id,
      action: 'admin.report.resolved',
      targetType: 'report',
      targetId: found.id,
      ip: origin.ip,
      details: { plugin: found.plugin, itemType: found.item_type, itemId: found.item_id, action: input.action, reason: input.reason, authorId: item?.authorId ?? null, removed, reporters: reporters.length },
    });
    if (input.action === 'warn' && author) {
      await this.notify({
        type: 'kernel.moderation.warning',
        recipientId: author.id,
        target: { type: `${found.plugin}.${found.item_type}`, id: found.item_id },
        textKey: 'notification.moderation.warned',
        data: { reason: input.reason, plugin: found.plugin, itemType: found.item_type, itemId: found.item_id },
      });
    }
    // Reporters learn what happened, not the moderator's private reasoning.
    for (const reporterId of reporters) {
      await this.notify({
        type: 'kernel.moderation.report_resolved',
        recipientId: reporterId,
        target: { type: 'report', id: found.id },
        ...OUTCOME_TEXT[input.action],
        data: { action: input.action, plugin: found.plugin, itemType: found.item_type, itemId: found.item_id },
      });
    }
    return this.get(found.id);
  }

  private async notify(input: Parameters<NotificationService['send']>[0]): Promise<void> {
    // A notification that cannot be delivered must not undo a moderation decision already taken.
    await this.notifications.send({ actorId: null, ...input }).catch((error: unknown) => this.log.error({ err: error, recipientId: input.recipientId }, 'moderation notification failed'));
  }

  /** By case id, or by the id of any report in the case (what the plugin handed its reporter). */
  private async findCase(id: string): Promise<CaseRow> {
    const [row] = await this.sql<CaseRow>(
      'select * from kernel_report_case where id = ? union all select c.* from kernel_report r join kernel_report_case c on c.id = r.case_id where r.id = ? limit 1',
      [id, id],
    );
    if (!row) throw new HttpError(404, 'REPORT_NOT_FOUND', 'No such report.');
    return row;
  }

  private declarationOf(row: CaseRow): { declaration: ModerationItemDeclaration; ctx: PluginContext } | undefined {
    const state = this.registry.get(row.plugin);
    const declaration = state?.enabled ? state.manifest.moderation?.items?.[row.item_type] : undefined;
    return state && declaration ? { declaration: declaration as ModerationItemDeclaration, ctx: state.ctx as PluginContext } : undefined;
  }

  private async describe(target: { declaration: ModerationItemDeclaration; ctx: PluginContext }, row: CaseRow): Promise<ModeratedItem | null> {
    try {
      return (await target.declaration.describe(target.ctx, row.item_id)) ?? null;
    } catch (error) {
      this.log.error({ err: error, plugin: row.plugin, itemType: row.item_type, itemId: row.item_id }, 'describing a reported item failed');
      return null;
    }
  }

  private async views(rows: CaseRow[]): Promise<ReportCaseView[]> {
    if (rows.length === 0) return [];
    const reports = await this.sql<ReportRow>(
      `select * from kernel_report where case_id in (${rows.map(() => '?').join(', ')}) order by id`,
      rows.map((r) => r.id),
    );
    const items = await Promise.all(rows.map(async (row) => {
      const target = this.declarationOf(row);
      return target ? this.describe(target, row) : null;
    }));
    const people = await this.people([
      ...reports.map((r) => r.reporter_id),
      ...rows.map((r) => r.resolved_by),
      ...rows.map((r, i) => items[i]?.authorId ?? r.author_id),
    ]);
    return rows.map((row, i) => {
      const mine = reports.filter((r) => r.case_id === row.id);
      const item = items[i] ?? null;
      const authorId = item?.authorId ?? row.author_id;
      return {
        id: row.id,
        plugin: row.plugin,
        itemType: row.item_type,
        itemId: row.item_id,
        status: row.status,
        item,
        author: authorId ? people.get(authorId) ?? null : null,
        reporterCount: mine.length,
        reports: mine.slice(0, REPORTS_SHOWN).map((r) => ({
          id: r.id, reporter: people.get(r.reporter_id) ?? null, reason: r.reason, details: r.details, createdAt: new Date(r.created_at).toISOString(),
        })),
        openedAt: new Date(row.opened_at).toISOString(),
        lastReportedAt: new Date(row.last_reported_at).toISOString(),
        resolution: row.status === 'resolved' && row.action
          ? { action: row.action, reason: row.resolution_reason ?? '', moderator: row.resolved_by ? people.get(row.resolved_by) ?? null : null, at: new Date(row.resolved_at!).toISOString() }
          : null,
      };
    });
  }

  private async people(ids: Array<string | null | undefined>): Promise<Map<string, PersonView>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))];
    if (unique.length === 0) return new Map();
    const rows = await this.sql<UserRow>(`select * from kernel_user where id in (${unique.map(() => '?').join(', ')})`, unique);
    return new Map(rows.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name, avatarUrl: u.avatar_url, role: u.role, status: u.suspended_at ? 'suspended' : 'active' }]));
  }
}
