import { useState } from 'react';
import { Button, Modal } from '@petamigos/theme';
import { useT } from '@petamigos/web';

export interface ConfirmRequest {
  title: string;
  body?: string;
  confirmLabel: string;
  danger?: boolean;
  run(): Promise<void>;
}

/** A yes/no question in the theme's modal, for actions that are hard to take back (block, unfriend, delete). */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose(): void }) {
  const t = useT('social');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!request) return;
    setBusy(true);
    try {
      await request.run();
    } finally {
      setBusy(false);
      onClose();
    }
  };
  return (
    <Modal open={request !== null} title={request?.title ?? ''} onClose={onClose} closeLabel={t('web.dialog.close')}>
      {request?.body && <p>{request.body}</p>}
      <div className="social-actions">
        <Button type="button" variant={request?.danger ? 'danger' : 'primary'} busy={busy} disabled={busy} onClick={() => void confirm()}>{request?.confirmLabel}</Button>
        <Button type="button" variant="secondary" disabled={busy} onClick={onClose}>{t('web.dialog.cancel')}</Button>
      </div>
    </Modal>
  );
}
