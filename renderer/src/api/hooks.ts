/** Data hooks: a call with loading/error state, refreshed when live events of the given topics arrive. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { EventTopic, NodeApi, NodeEvent } from "../../../node-services/api/nodeApi.js";
import { useApi } from "./context.js";

export interface Query<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` now, whenever `deps` change, and (at most once per `throttleMs`) after events of `liveTopics`.
 * Keeps showing the last data while reloading (also after a filter change, with `loading` set), so pages do not flicker.
 */
export function useQuery<T>(load: (api: NodeApi) => Promise<T>, deps: readonly unknown[], liveTopics: readonly EventTopic[] = [], throttleMs = 1000): Query<T> {
  const api = useApi();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const gen = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const mine = ++gen.current;
    setLoading(true);
    loadRef.current(api).then(
      (d) => {
        if (mine !== gen.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== gen.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
  }, [api, ...deps]);

  useEffect(() => {
    reload();
  }, [reload]);

  const topicsKey = liveTopics.join(",");
  useEffect(() => {
    if (!topicsKey) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = api.subscribe(topicsKey.split(",") as EventTopic[], () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, throttleMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api, topicsKey, reload, throttleMs]);

  return { data, error, loading, reload };
}

/** Calls `fn` for each live event of `topics` while mounted. */
export function useEvents(topics: readonly EventTopic[], fn: (e: NodeEvent) => void): void {
  const api = useApi();
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const key = topics.join(",");
  useEffect(() => api.subscribe(key.split(",") as EventTopic[], (e) => fnRef.current(e)), [api, key]);
}
