/** RPC: the L2 JSON-RPC URLs to copy into a wallet, and a console that sends requests to it and shows the answers. */
import { useState } from "react";
import type { RpcConsoleResult } from "../../../node-services/api/nodeApi.js";
import { useApi } from "../api/context.js";
import { useQuery } from "../api/hooks.js";
import { CopyButton } from "../components/Copy.js";
import { formatMs } from "../components/format.js";
import { Async, Empty, ErrorBox } from "../components/states.js";

const examples: Record<string, string> = {
  eth_blockNumber: "[]",
  eth_chainId: "[]",
  zkevm_batchNumber: "[]",
  zkevm_virtualBatchNumber: "[]",
  zkevm_verifiedBatchNumber: "[]",
  zkevm_getBatchByNumber: '["latest", false]',
  eth_getBlockByNumber: '["latest", false]',
  eth_getBalance: '["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "latest"]',
  eth_gasPrice: "[]",
};

interface Entry extends RpcConsoleResult {
  method: string;
  params: string;
}

export function Rpc() {
  const api = useApi();
  const info = useQuery((a) => a.rpcInfo(), []);
  const [method, setMethod] = useState("eth_blockNumber");
  const [params, setParams] = useState("[]");
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [history, setHistory] = useState<Entry[]>([]);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const send = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(params);
    } catch (e) {
      setParamsError(`Params are not JSON: ${(e as Error).message}`);
      return;
    }
    if (!Array.isArray(parsed)) {
      setParamsError("Params must be a JSON list, e.g. [] or [\"latest\", false].");
      return;
    }
    setParamsError(null);
    setError(undefined);
    setBusy(true);
    api
      .rpcRequest({ method: method.trim(), params: parsed })
      .then(
        (r) => setHistory((h) => [{ ...r, method: method.trim(), params }, ...h].slice(0, 20)),
        (e: Error) => setError(e),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="h-rpc">
      <h1 id="h-rpc">RPC</h1>
      <Async q={info} what="RPC endpoints">
        {(r) =>
          !r.httpUrl ? (
            <Empty title="No JSON-RPC in this node" />
          ) : (
            <dl className="fields">
              <dt>HTTP</dt>
              <dd>
                <code data-testid="rpc-url">{r.httpUrl}</code> <CopyButton text={r.httpUrl} />
              </dd>
              <dt>WebSocket</dt>
              <dd>
                {r.wsUrl ? (
                  <>
                    <code>{r.wsUrl}</code> <CopyButton text={r.wsUrl} />
                  </>
                ) : (
                  "—"
                )}
              </dd>
              <dt>Chain id</dt>
              <dd>
                {r.chainId} <span className="muted">(0x{r.chainId.toString(16)})</span>
              </dd>
            </dl>
          )
        }
      </Async>
      <h2>Request console</h2>
      <form
        className="console"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
        aria-label="JSON-RPC request"
      >
        <label>
          Method
          <input
            list="rpc-methods"
            value={method}
            onChange={(e) => {
              setMethod(e.target.value);
              if (examples[e.target.value]) setParams(examples[e.target.value]!);
            }}
            required
          />
          <datalist id="rpc-methods">
            {Object.keys(examples).map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label>
          Params (JSON list)
          <textarea
            value={params}
            onChange={(e) => setParams(e.target.value)}
            rows={3}
            aria-invalid={paramsError !== null}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send();
            }}
          />
        </label>
        {paramsError && (
          <div className="field-error" role="alert">
            {paramsError}
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Sending…" : "Send (Ctrl+Enter)"}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      {history.map((h, i) => (
        <article key={history.length - i} className="rpc-entry" data-testid="rpc-response">
          <header>
            <code>
              {h.method}({h.params})
            </code>{" "}
            <span className="muted">{formatMs(h.ms)}</span>
          </header>
          <pre>{JSON.stringify(h.response, null, 2)}</pre>
        </article>
      ))}
    </section>
  );
}
