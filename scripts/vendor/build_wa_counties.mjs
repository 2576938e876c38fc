#!/usr/bin/env node
// Build static/geo/wa-counties.json from us-atlas (US Census cartographic
// boundary data, public domain) using topojson-client.
//
// Usage:
//   node scripts/vendor/build_wa_counties.mjs [NODE_MODULES_DIR] [OUTPUT_JSON]
//
// NODE_MODULES_DIR defaults to ./node_modules (relative to the current dir)
// and must contain us-atlas@3 and topojson-client@3.
// OUTPUT_JSON defaults to <repo>/static/geo/wa-counties.json.
//
// Output: {"viewBox": "0 0 W H",
//          "counties": [{"fips": "53001", "name": "Adams", "path": "M...Z"}, ...]}
// Projection: equirectangular with longitude scaled by cos(47.3 deg), y
// flipped (north up), fitted into a width of 800 px with a small margin,
// coordinates rounded to 1 decimal.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.resolve(process.argv[2] || "node_modules");
const outFile = path.resolve(
  process.argv[3] || path.join(here, "..", "..", "static", "geo", "wa-counties.json"),
);

const require = createRequire(path.join(modulesDir, "_resolver.js"));
const topojson = require("topojson-client");
const topology = JSON.parse(
  fs.readFileSync(require.resolve("us-atlas/counties-10m.json"), "utf8"),
);

const STATE_FIPS = "53";
const EXPECTED_COUNT = 39;
const WIDTH = 800;
const MARGIN = 10;
const K = Math.cos((47.3 * Math.PI) / 180);

const geoms = topology.objects.counties.geometries.filter((g) =>
  String(g.id).startsWith(STATE_FIPS),
);
if (geoms.length !== EXPECTED_COUNT) {
  throw new Error(`expected ${EXPECTED_COUNT} WA counties, found ${geoms.length}`);
}

const features = geoms.map((g) => topojson.feature(topology, g));

// Polygons as arrays of rings of [lon, lat].
function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  throw new Error(`unexpected geometry type ${geometry.type}`);
}

// Bounds in unscaled planar coordinates (x = lon*K, y = -lat).
let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
for (const f of features) {
  for (const poly of polygonsOf(f.geometry)) {
    for (const ring of poly) {
      for (const [lon, lat] of ring) {
        const x = lon * K, y = -lat;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
}

const scale = (WIDTH - 2 * MARGIN) / (maxX - minX);
const HEIGHT = Math.ceil((maxY - minY) * scale + 2 * MARGIN);
const r1 = (v) => {
  const s = (Math.round(v * 10) / 10).toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
};
const project = ([lon, lat]) => [
  r1((lon * K - minX) * scale + MARGIN),
  r1((-lat - minY) * scale + MARGIN),
];

function ringToPath(ring) {
  const pts = [];
  for (const c of ring) {
    const p = project(c);
    const last = pts[pts.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue; // dedupe after rounding
    pts.push(p);
  }
  // Closing point is implied by Z.
  if (pts.length > 1) {
    const a = pts[0], b = pts[pts.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) pts.pop();
  }
  if (pts.length < 3) return "";
  return "M" + pts.map((p) => p.join(",")).join("L") + "Z";
}

const counties = features
  .map((f) => ({
    fips: String(f.id),
    name: f.properties.name,
    path: polygonsOf(f.geometry)
      .flatMap((poly) => poly.map(ringToPath))
      .filter(Boolean)
      .join(""),
  }))
  .sort((a, b) => a.fips.localeCompare(b.fips));

const out = { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, counties };
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, JSON.stringify(out) + "\n");
console.log(`wrote ${outFile}: ${counties.length} counties, viewBox ${out.viewBox}`);
