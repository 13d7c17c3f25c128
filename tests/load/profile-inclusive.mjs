// Inclusive CPU time per function from a V8 .cpuprofile (as written by `node --cpu-prof`, e.g.
// `npm run bench -- --cpu-prof`): `node tests/load/profile-inclusive.mjs <file> [regex] [count]`.
// A function counts once per sample even when it recurses. Self time is what run.ts prints.
import fs from "node:fs";
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; let total = 0;
for (let i = 0; i < p.samples.length; i++) { const d = dt[i] ?? 0; self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + d); total += d; }
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// inclusive per function name (count once per stack)
const incl = new Map();
for (const [id, t] of self) {
  const seen = new Set(); let cur = id;
  while (cur !== undefined) { const n = byId.get(cur); const cf = n.callFrame; const key = `${cf.functionName||"(anon)"} ${cf.url.replace(/.*node_modules\//,"").replace(/.*\/build\//,"build/")}:${cf.lineNumber}`;
    if (!seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + t); } cur = parent.get(cur); }
}
const pat = process.argv[3] ? new RegExp(process.argv[3]) : null;
[...incl].filter(([k]) => !pat || pat.test(k)).sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[4]??60)).forEach(([k,t]) => console.log((100*t/total).toFixed(1).padStart(6)+"% "+k));
