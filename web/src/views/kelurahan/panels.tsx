import type { ReactNode } from 'react';

export function Panel({
  id,
  title,
  children,
  className = '',
}: {
  id: string;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`panel ${className}`} aria-labelledby={`panel-${id}`} data-testid={`panel-${id}`}>
      <h2 id={`panel-${id}`} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A yes/no shown as a mark and a word, never by colour alone. */
export function Flag({ on, yes, no }: { on: boolean; yes: string; no: string }) {
  return (
    <span className={`flag flag--${on ? 'on' : 'off'}`}>
      <span aria-hidden="true">{on ? '●' : '○'}</span> {on ? yes : no}
    </span>
  );
}
