import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from '@petamigos/theme';
import { I18nProvider, loadInitialBundle } from '../sdk/i18n.js';
import { SessionProvider } from '../sdk/session.js';
import { App } from './App.js';

const bundle = await loadInitialBundle();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider initial={bundle}>
      <SessionProvider>
        <ToastProvider>
          <App />
        </ToastProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
