import { createContext, useContext, type HTMLAttributes } from 'react';

const Inside = createContext(false);

/**
 * The page's `<main>` landmark, where screen-reader users jump to the content. A screen shown inside
 * another that has one already (a loading or error message inside the app shell) renders a plain
 * `<div>`: a page has exactly one main.
 */
export function Main(props: HTMLAttributes<HTMLElement>) {
  const inside = useContext(Inside);
  if (inside) return <div {...props} />;
  return (
    <Inside.Provider value={true}>
      <main id="main" {...props} />
    </Inside.Provider>
  );
}
