// The world map's country outlines, projected once per process from the bundled Natural Earth data
// (world-atlas countries-110m, TopoJSON): no tile server, so the map works offline. A request only
// colours the shapes. Server-only: the browser gets the finished paths, never d3 or the atlas.
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { NAMED, NUMERIC_TO_ALPHA2 } from "./iso-numeric";

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

export interface CountryShape {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** SVG path data in the map's viewBox. */
  d: string;
}

export interface WorldShapes {
  width: number;
  height: number;
  countries: CountryShape[];
}

let cached: WorldShapes | undefined;

/** Projected outlines, computed on first use (about 50 ms) and kept for the life of the process. */
export function worldShapes(): WorldShapes {
  cached ??= project();
  return cached;
}

function project(): WorldShapes {
  // Read at run time rather than imported: the server build keeps node_modules external, and a
  // JSON import from an external package needs import attributes that esbuild would strip.
  const require = createRequire(import.meta.url);
  const topology = require("world-atlas/countries-110m.json") as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  // Antarctica takes a fifth of the height and hosts no channels.
  const shown = collection.features.filter((f) => f.id !== "010");
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [MAP_WIDTH - 4, MAP_HEIGHT - 4],
    ],
    { type: "FeatureCollection", features: shown },
  );
  // One decimal is a tenth of a pixel at full width: enough, and half the bytes of the default.
  const path = geoPath(projection).digits(1);
  // Several Natural Earth shapes can belong to one ISO code (e.g. Somaliland is drawn apart from
  // Somalia); they become one path, so that each country is one link.
  const byCode = new Map<string, string>();
  for (const f of shown as Feature<Geometry, { name: string }>[]) {
    const code = NUMERIC_TO_ALPHA2.get(String(f.id ?? "")) ?? NAMED[f.properties.name];
    const d = path(f);
    if (!code || !d) continue;
    byCode.set(code, (byCode.get(code) ?? "") + relative(d));
  }
  return {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    countries: [...byCode].map(([code, d]) => ({ code, d })).sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/**
 * d3 writes absolute coordinates ("M675.4,93.5L674.7,95.4..."); neighbouring points differ by a
 * few pixels, so relative ones ("M675.4 93.5l-.7 1.9...") take about half the bytes. The page
 * carries the paths twice (HTML and the data the browser hydrates from), so bytes count.
 */
export function relative(d: string): string {
  // Work in whole tenths of a pixel, so that rounding errors never add up along a coastline.
  const tenths = (v: string) => Math.round(Number(v) * 10);
  const num = (t: number) => {
    const s = (t / 10).toString();
    return s.replace(/^(-?)0\./, "$1.");
  };
  // "-" separates numbers by itself; otherwise a space does.
  const join = (values: number[]) =>
    values.map((v, i) => {
      const s = num(v);
      return i === 0 || s.startsWith("-") ? s : ` ${s}`;
    }).join("");
  let out = "";
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let inLine = false;
  for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === "Z") {
      out += "z";
      x = startX;
      y = startY;
      inLine = false;
      continue;
    }
    const [sx, sy] = args!.split(",") as [string, string];
    const ax = tenths(sx);
    const ay = tenths(sy);
    if (command === "M") {
      out += `M${join([ax, ay])}`;
      startX = ax;
      startY = ay;
      inLine = false;
    } else {
      // After an "l", further pairs are lines too: the command letter need not repeat.
      const pair = join([ax - x, ay - y]);
      out += inLine ? (pair.startsWith("-") ? pair : ` ${pair}`) : `l${pair}`;
      inLine = true;
    }
    x = ax;
    y = ay;
  }
  return out;
}
