/**
 * The shell: navigation, connection banner, theme switch, and the page of the current route. Keyboard: every control
 * is reachable with Tab; keys 1–7 (outside text fields) open the pages in navigation order.
 */
import { useEffect, useRef } from "react";
import { useConnection } from "./api/context.js";
import { BatchPage } from "./pages/BatchPage.js";
import { Batches } from "./pages/Batches.js";
import { Logs } from "./pages/Logs.js";
import { Overview } from "./pages/Overview.js";
import { Proofs } from "./pages/Proofs.js";
import { Prover } from "./pages/Prover.js";
import { Rpc } from "./pages/Rpc.js";
import { Settings } from "./pages/Settings.js";
import { href, navigate, pages, useRoute, type Route } from "./route.js";
import { useTheme } from "./theme.js";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "overview":
      return <Overview />;
    case "batches":
      return route.rest[0] !== undefined ? <BatchPage key={route.rest[0]} number={Number(route.rest[0])} /> : <Batches stage={route.query.get("stage")} />;
    case "proofs":
      return <Proofs />;
    case "prover":
      return <Prover />;
    case "logs":
      return <Logs />;
    case "settings":
      return <Settings />;
    case "rpc":
      return <Rpc />;
  }
}

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

export function App() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  const connection = useConnection();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const page = pages[Number(e.key) - 1];
      if (page) navigate(page.id);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  const title = pages.find((p) => p.id === route.page)!.title;
  useEffect(() => {
    document.title = `${title} · Prom zkNode`;
    main.current?.focus({ preventScroll: true });
  }, [title, route.rest.join("/")]);

  return (
    <div className="shell">
      <a className="skip" href="#main" onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="logo" aria-hidden="true">◆</span> Prom zkNode
        </span>
        {connection !== "open" && (
          <span className="conn" role="status">
            {connection === "connecting" ? "Connecting to the node…" : "Node unreachable; reconnecting…"}
          </span>
        )}
        <button type="button" className="theme" onClick={toggleTheme} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </button>
      </header>
      <nav className="sidebar" aria-label="Pages">
        <ul>
          {pages.map((p, i) => (
            <li key={p.id}>
              <a href={href(p.id)} aria-current={route.page === p.id ? "page" : undefined} aria-keyshortcuts={String(i + 1)}>
                <span className="key" aria-hidden="true">{i + 1}</span> {p.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1} data-page={route.page}>
        <Page route={route} />
      </main>
    </div>
  );
}
