import type { ReactNode } from 'react';

/** A page's h1, its one-line purpose, and its main actions on the right. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  return (
    <>
      <div className="page__head">
        <h1>{title}</h1>
        {actions && <div className="page__actions">{actions}</div>}
      </div>
      {intro && <p className="muted page__intro">{intro}</p>}
    </>
  );
}
