/** Hash routes (#/batches/12), so the same build works from the node's HTTP server and from Electron's file:// URL. */
import { useEffect, useState } from "react";

export const pages = [
  { id: "overview", title: "Overview" },
  { id: "batches", title: "Batches" },
  { id: "proofs", title: "Proofs" },
  { id: "prover", title: "Prover" },
  { id: "logs", title: "Logs" },
  { id: "settings", title: "Settings" },
  { id: "rpc", title: "RPC" },
] as const;
export type PageId = (typeof pages)[number]["id"];

export interface Route {
  page: PageId;
  /** Path parts after the page (the batch number on #/batches/12). */
  rest: string[];
  /** Parameters after "?" (#/batches?stage=virtual). */
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#\/?/, "").split("?");
  const [page = "", ...rest] = path.split("/").filter(Boolean);
  const known = pages.find((p) => p.id === page);
  return { page: known ? known.id : "overview", rest, query: new URLSearchParams(search) };
}

export function href(page: PageId, ...rest: (string | number)[]): string {
  return `#/${[page, ...rest].join("/")}`;
}

export function navigate(page: PageId, ...rest: (string | number)[]): void {
  location.hash = href(page, ...rest);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}
