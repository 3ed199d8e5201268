import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Modal, Row, Stack, TextArea } from '@petamigos/theme';
import { ApiError, useT } from '@petamigos/web';

const MIN_REASON = 3;

interface Props {
  open: boolean;
  title: string;
  /** What is about to happen, in plain words. */
  description: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  /** Ask for a reason (kept in the audit log); without it the dialog only confirms. */
  withReason?: boolean;
  reasonLabel?: string;
  /** The server's limit for this action's reason. */
  maxReason?: number;
  onConfirm(reason: string): Promise<void>;
  onClose(): void;
}

/**
 * Confirmation for an admin action, with the reason the server requires when there is one. The
 * server's refusal (409 already resolved, 403…) is shown in the dialog, next to what caused it.
 */
export function ReasonDialog({ open, title, description, confirmLabel, tone = 'primary', withReason = true, reasonLabel, maxReason = 500, onConfirm, onClose }: Props) {
  const t = useT('admin');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();

  useEffect(() => {
    if (open) {
      setReason('');
      setError(undefined);
      setReasonError(undefined);
    }
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (withReason && reason.trim().length < MIN_REASON) {
      setReasonError(t('reason.tooShort', { min: MIN_REASON }));
      return;
    }
    setBusy(true);
    setError(undefined);
    setReasonError(undefined);
    try {
      await onConfirm(reason.trim());
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      const field = apiError?.fieldMessage('reason');
      if (field) setReasonError(field);
      else setError(apiError ? apiError.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} title={title} onClose={onClose} closeLabel={t('actions.close')}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap={3}>
          <div className="adm-dialog__description">{description}</div>
          {withReason && (
            <TextArea
              label={reasonLabel ?? t('reason.label')}
              hint={t('reason.hint')}
              value={reason}
              required
              minLength={MIN_REASON}
              maxLength={maxReason}
              rows={3}
              error={reasonError}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
          {error && <Alert tone="error">{error}</Alert>}
          <Row gap={2} justify="end" wrap>
            <Button type="button" variant="secondary" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" variant={tone === 'danger' ? 'danger' : 'primary'} busy={busy} disabled={busy}>
              {confirmLabel}
            </Button>
          </Row>
        </Stack>
      </form>
    </Modal>
  );
}
