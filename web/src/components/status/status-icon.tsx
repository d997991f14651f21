import type { OfficeStatus } from '@pkk/core';

/**
 * A shape per status, so that status never rests on colour alone: a ticked circle, a triangle with
 * an exclamation mark, an octagon with a cross, a barred circle, a moon. Stroked, so they stay crisp
 * from a phone to a 4K wall.
 */
const SHAPES: Record<OfficeStatus, string> = {
  normal: '<circle cx="12" cy="12" r="9"/><path d="M7.5 12.5l3 3 6-6.5"/>',
  attention: '<path d="M12 3.2 21.5 20H2.5Z"/><path d="M12 9.5v4.5M12 16.8v.4"/>',
  breach: '<path d="M8.3 2.8h7.4l5.5 5.5v7.4l-5.5 5.5H8.3l-5.5-5.5V8.3Z"/><path d="M9 9l6 6M15 9l-6 6"/>',
  offline: '<circle cx="12" cy="12" r="9"/><path d="M5.6 5.6l12.8 12.8"/>',
  closed: '<path d="M19.5 14.8A8 8 0 1 1 9.2 4.5a6.5 6.5 0 0 0 10.3 10.3Z"/>',
};

/** The icon as markup, for Leaflet markers outside React. */
export function statusIconSvg(status: OfficeStatus, className = ''): string {
  return `<svg class="status-icon status-icon--${status} ${className}" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">${SHAPES[status]}</svg>`;
}

export function StatusIcon({ status, className = '' }: { status: OfficeStatus; className?: string }) {
  // Static markup from the table above, never from data.
  return (
    <span
      className="status-icon-wrap"
      dangerouslySetInnerHTML={{ __html: statusIconSvg(status, className) }}
    />
  );
}
