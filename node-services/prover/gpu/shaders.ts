/**
 * WGSL sources from the repository's `shaders/` folder, read as text (fs in Node, fetch in a browser) and
 * composed into modules: field.wgsl is the prelude of every module, curve.wgsl of the MSM module.
 */
export type ShaderFile = "field" | "field13" | "curve" | "field_test" | "limb_bench" | "ntt" | "msm";
export type ShaderModuleName = "fieldTest" | "limbBench" | "ntt" | "msm";

const composition: Record<ShaderModuleName, ShaderFile[]> = {
  fieldTest: ["field", "field_test"],
  limbBench: ["field", "field13", "limb_bench"],
  ntt: ["field", "ntt"],
  msm: ["field", "curve", "msm"],
};

/** Where the .wgsl files are: from `node-services/prover/gpu/` (source) or `dist/node-services/prover/gpu/` (built). */
export function defaultShaderUrls(): URL[] {
  return [new URL("../../../shaders/", import.meta.url), new URL("../../../../shaders/", import.meta.url)];
}

async function readText(url: URL): Promise<string> {
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return readFile(url, "utf8");
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/** Reads every file once; `base` overrides the folder (a URL ending in `/`). */
export async function loadShaderSources(base?: URL): Promise<Record<ShaderModuleName, string>> {
  const bases = base ? [base] : defaultShaderUrls();
  const files: ShaderFile[] = ["field", "field13", "curve", "field_test", "limb_bench", "ntt", "msm"];
  const errors: string[] = [];
  for (const dir of bases) {
    try {
      const texts = await Promise.all(files.map((f) => readText(new URL(`${f}.wgsl`, dir))));
      const byName = Object.fromEntries(files.map((f, i) => [f, texts[i]!])) as Record<ShaderFile, string>;
      const out = {} as Record<ShaderModuleName, string>;
      for (const [name, parts] of Object.entries(composition) as [ShaderModuleName, ShaderFile[]][]) {
        out[name] = parts.map((p) => byName[p]).join("\n");
      }
      return out;
    } catch (e) {
      errors.push(`${dir.href}: ${(e as Error).message}`);
    }
  }
  throw new Error(`WGSL sources not found (${errors.join("; ")})`);
}
