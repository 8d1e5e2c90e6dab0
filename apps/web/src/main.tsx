import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readSession } from './api/session';
import { App } from './App';
import './i18n';
import { pageForPath } from './pages/navigation';
import './styles/theme.css';
import './styles/base.css';
import './styles/components.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// A returning session: fetch the current page's chunk while /auth/me is answered.
if (readSession()) pageForPath(window.location.pathname)?.load().catch(() => undefined);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
