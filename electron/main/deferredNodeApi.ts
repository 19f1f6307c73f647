/**
 * A NodeApi for a node still starting: the window opens at once, and its calls wait for the node instead of failing
 * (a first devnet start deploys contracts and writes the genesis, which takes a while). A node that fails to start
 * answers every call with UNAVAILABLE and the reason.
 */
import { ApiError } from "../../node-services/api/apiError.js";
import { nodeApiMethods, type NodeApi } from "../../node-services/api/nodeApi.js";

export function deferredNodeApi(ready: Promise<NodeApi>): NodeApi {
  const node = ready.catch((e: unknown) => {
    throw new ApiError("UNAVAILABLE", `the node did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  // A failed start is reported by the app itself; this keeps it from also being an unhandled rejection here.
  node.catch(() => undefined);
  const methods = Object.fromEntries(
    nodeApiMethods.map((m) => [
      m,
      async (params: unknown) => {
        const api = await node;
        return (api[m] as (p: unknown) => Promise<unknown>).call(api, params);
      },
    ]),
  );
  return {
    ...(methods as unknown as Omit<NodeApi, "subscribe">),
    subscribe(topics, listener) {
      let off: (() => void) | null = null;
      let ended = false;
      void node.then(
        (api) => {
          if (!ended) off = api.subscribe(topics, listener);
        },
        () => undefined,
      );
      return () => {
        ended = true;
        off?.();
      };
    },
  };
}
