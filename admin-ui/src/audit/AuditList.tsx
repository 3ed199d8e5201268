import { Badge } from '@petamigos/theme';
import { Link, useFormat, useT } from '@petamigos/web';
import { useAccess } from '../access.js';
import type { AdminUserSummary, AuditEntry } from '../types.js';
import { usePeople } from './people.js';

/** `admin.user.suspended` → `audit.actions.admin_user_suspended`: action families nest, keys cannot. */
export function actionKey(action: string): string {
  return `audit.actions.${action.replace(/[^a-z0-9]+/gi, '_')}`;
}

/** The audit log's actions the kernel writes today, for the filter's suggestions. */
export const KNOWN_ACTIONS = [
  'admin.',
  'admin.user.role_changed',
  'admin.user.suspended',
  'admin.user.unsuspended',
  'admin.user.signed_out',
  'admin.user.two_factor_reset',
  'admin.report.resolved',
  'admin.plugin.enabled',
  'admin.plugin.disabled',
  'admin.plugin.settings_changed',
  'admin.job.retried',
  'admin.permission.granted',
  'admin.permission.revoked',
  'auth.',
  'auth.login',
  'auth.login.failed',
  'auth.login.refused_suspended',
  'auth.register',
  'auth.password.changed',
  'auth.password.reset',
  'auth.password.reset_requested',
  'auth.email.verified',
  'auth.2fa.enabled',
  'auth.2fa.disabled',
  'auth.session.revoked',
  'auth.session.reuse_detected',
  'user.blocked',
  'user.deleted',
];

export function useActionLabel(): (action: string) => string {
  const t = useT('admin');
  return (action) => {
    const key = actionKey(action);
    const label = t(key);
    return label === key ? action : label;
  };
}

function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

function Who({ id, people }: { id: string | null; people: Map<string, AdminUserSummary> }) {
  const t = useT('admin');
  const access = useAccess();
  if (!id) return <span>{t('audit.system')}</span>;
  const person = people.get(id);
  const text = person ? `${person.displayName} (@${person.username})` : shortId(id);
  return access.sections.has('users') ? <Link href={`/users/${id}`}>{text}</Link> : <span>{text}</span>;
}

const ROLE_KEYS = new Set(['role', 'from', 'to']);
const ROLES = new Set(['user', 'moderator', 'admin']);
const RESOLUTIONS = new Set(['dismiss', 'remove', 'warn', 'suspend']);

/** A detail as a person reads it: roles and moderation decisions in words, anything else as the kernel kept it. */
function DetailValue({ name, value }: { name: string; value: unknown }) {
  const t = useT('admin');
  const { number } = useFormat();
  if (value === null || value === undefined) return <span>—</span>;
  if (typeof value === 'string' && ROLE_KEYS.has(name) && ROLES.has(value)) return <span>{t(`roles.${value}`)}</span>;
  if (typeof value === 'string' && name === 'action' && RESOLUTIONS.has(value)) return <span>{t(`moderation.action.${value}`)}</span>;
  if (typeof value === 'number') return <span>{number(value)}</span>;
  if (typeof value === 'boolean') return <span>{t(value ? 'audit.yes' : 'audit.no')}</span>;
  if (typeof value === 'string') return <span className="adm-pre">{value}</span>;
  return <code className="adm-code-inline">{JSON.stringify(value)}</code>;
}

function useDetailName(): (key: string) => string {
  const t = useT('admin');
  return (key) => {
    const name = t(`audit.details.${key}`);
    return name === `audit.details.${key}` ? key : name;
  };
}

/**
 * Audit entries as an admin reads them: what happened (in words, with the raw action underneath),
 * who did it, to what, when, from where, and the details the kernel kept.
 */
export function AuditList({ entries, label }: { entries: AuditEntry[]; label: string }) {
  const t = useT('admin');
  const access = useAccess();
  const { dateTime, relative } = useFormat();
  const actionLabel = useActionLabel();
  const detailName = useDetailName();
  const people = usePeople(
    entries.flatMap((e) => [e.actorId, e.targetType === 'user' ? e.targetId : null]),
    access.sections.has('users'),
  );

  return (
    <ol className="adm-list adm-audit" aria-label={label}>
      {entries.map((entry) => {
        const details = Object.entries(entry.details ?? {});
        return (
          <li key={entry.id} className="adm-list__item adm-audit__entry">
            <div className="adm-audit__head">
              <span className="adm-audit__what">
                <strong>{actionLabel(entry.action)}</strong> <code className="adm-code-inline adm-muted">{entry.action}</code>
              </span>
              <time className="adm-muted" dateTime={entry.at} title={dateTime(entry.at)}>
                {dateTime(entry.at)} · {relative(entry.at)}
              </time>
            </div>
            <dl className="adm-audit__facts">
              <div>
                <dt>{t('audit.who')}</dt>
                <dd>
                  <Who id={entry.actorId} people={people} />
                </dd>
              </div>
              {entry.targetType && (
                <div>
                  <dt>{t('audit.target')}</dt>
                  <dd>
                    <Badge>{t(`audit.targetTypes.${entry.targetType}`) === `audit.targetTypes.${entry.targetType}` ? entry.targetType : t(`audit.targetTypes.${entry.targetType}`)}</Badge>{' '}
                    {entry.targetType === 'user' && entry.targetId ? <Who id={entry.targetId} people={people} /> : <span>{entry.targetId ?? '—'}</span>}
                  </dd>
                </div>
              )}
              {entry.ip && (
                <div>
                  <dt>{t('audit.ip')}</dt>
                  <dd>{entry.ip}</dd>
                </div>
              )}
              {details.map(([key, value]) => (
                <div key={key}>
                  <dt>{detailName(key)}</dt>
                  <dd>
                    <DetailValue name={key} value={value} />
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}
