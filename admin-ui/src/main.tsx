import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from '@petamigos/theme';
import { I18nProvider, loadInitialBundle, Router, SessionProvider } from '@petamigos/web';
import { AdminApp } from './AdminApp.js';
import './admin.css';

// Same start as the end-user app (web/src/app/main.tsx): strings first, then the session, then the
// shell. Every admin route lives under /admin, so the router's base keeps the shell's links short.
const bundle = await loadInitialBundle();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider initial={bundle}>
      <SessionProvider>
        <ToastProvider>
          <Router base="/admin">
            <AdminApp />
          </Router>
        </ToastProvider>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
