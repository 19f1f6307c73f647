import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { ApiProvider, pickNodeApi } from "./api/context.js";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApiProvider api={pickNodeApi()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
