import { describe, expect, it } from "vitest";
import type { ProofJobState } from "../api/proofJobs.js";
import { assertTransition, canTransition, proofJobStates, ProofJobStateError } from "./jobState.js";

const legal: [ProofJobState, ProofJobState][] = [
  ["queued", "witness"],
  ["queued", "cancelled"],
  ["witness", "proving"],
  ["witness", "queued"],
  ["witness", "failed"],
  ["witness", "cancelled"],
  ["proving", "submitted"],
  ["proving", "queued"],
  ["proving", "failed"],
  ["proving", "cancelled"],
  ["submitted", "verified"],
  ["submitted", "queued"],
  ["submitted", "failed"],
  ["failed", "queued"],
  ["cancelled", "queued"],
];

describe("proof job state machine", () => {
  it("allows exactly the documented edges", () => {
    for (const from of proofJobStates) {
      for (const to of proofJobStates) {
        const want = legal.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(want);
      }
    }
  });

  it("throws a named error on an illegal edge", () => {
    expect(() => assertTransition(4, "verified", "queued")).toThrow(ProofJobStateError);
    expect(() => assertTransition(4, "queued", "submitted")).toThrow(/job 4 cannot go from queued to submitted \(allowed from queued: witness, cancelled\)/);
    expect(() => assertTransition(4, "queued", "witness")).not.toThrow();
  });
});
