/** Batch Fr/Fq add, sub and mul on the GPU (shaders/field_test.wgsl): the field layer, checkable against the CPU reference. */
import { GpuError } from "./errors.js";
import type { GpuContext } from "./context.js";

export type GpuField = "fr" | "fq";
export type GpuFieldOp = "add" | "sub" | "mul";
const opCode: Record<GpuFieldOp, number> = { add: 0, sub: 1, mul: 2 };

/** out[i] = a[i] op b[i] on 32-byte Montgomery elements (each must be below the modulus). */
export async function batchFieldOp(ctx: GpuContext, field: GpuField, op: GpuFieldOp, a: Uint8Array, b: Uint8Array): Promise<Uint8Array> {
  if (a.length !== b.length || a.length % 32 !== 0) {
    throw new GpuError("BAD_INPUT", `${field}.${op}: operands of ${a.length} and ${b.length} bytes are not equal counts of 32-byte elements`);
  }
  const n = a.length / 32;
  if (n === 0) return new Uint8Array();
  const pipeline = await ctx.pipeline("fieldTest", "field_op");
  const ab = ctx.storage(a, "field a");
  const bb = ctx.storage(b, "field b");
  const out = ctx.storage(a.length, "field out");
  const u = ctx.uniform([n, opCode[op], field === "fq" ? 1 : 0, 0], "field params");
  try {
    return await ctx.submitAndRead(
      (enc) => {
        const pass = enc.beginComputePass();
        ctx.dispatch(pass, pipeline, { 0: ab, 1: bb, 2: out, 3: u }, n);
        pass.end();
      },
      out,
      a.length,
      `${field}.${op}`,
    );
  } finally {
    ctx.release(ab, bb, out, u);
  }
}
