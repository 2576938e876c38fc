#!/usr/bin/env bash
# Re-vendor front-end assets into static/ from the npm registry (pinned versions).
#   - Bootstrap  -> static/vendor/bootstrap/
#   - htmx       -> static/vendor/htmx/
#   - Swagger UI -> static/vendor/swagger-ui/ (the open data API's browsable docs)
#   - WA county map (us-atlas + topojson-client) -> static/geo/wa-counties.json
# Usage: scripts/vendor/vendor.sh      (from anywhere; needs node + npm)
set -euo pipefail

BOOTSTRAP_VERSION=5.3.9
HTMX_VERSION=2.0.11
US_ATLAS_VERSION=3.0.1
TOPOJSON_CLIENT_VERSION=3.1.0
SWAGGER_UI_VERSION=5.35.0

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATIC="$ROOT/static"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "Installing npm packages into $TMP ..."
npm install --prefix "$TMP" --no-save --no-audit --no-fund --no-package-lock \
  "bootstrap@$BOOTSTRAP_VERSION" \
  "htmx.org@$HTMX_VERSION" \
  "us-atlas@$US_ATLAS_VERSION" \
  "topojson-client@$TOPOJSON_CLIENT_VERSION" \
  "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null
NM="$TMP/node_modules"

# Copy a minified file, dropping sourceMappingURL comment lines
# (ManifestStaticFilesStorage would fail on the missing .map files).
copy_min() {
  sed -e '/^\/\/# sourceMappingURL=/d' -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$1" > "$2"
  if grep -q 'sourceMappingURL' "$2"; then
    echo "ERROR: sourceMappingURL still present in $2" >&2
    exit 1
  fi
}

# Bootstrap
rm -rf "$STATIC/vendor/bootstrap"
mkdir -p "$STATIC/vendor/bootstrap"
copy_min "$NM/bootstrap/dist/css/bootstrap.min.css" "$STATIC/vendor/bootstrap/bootstrap.min.css"
copy_min "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$STATIC/vendor/bootstrap/bootstrap.bundle.min.js"
cp "$NM/bootstrap/LICENSE" "$STATIC/vendor/bootstrap/LICENSE"

# htmx
rm -rf "$STATIC/vendor/htmx"
mkdir -p "$STATIC/vendor/htmx"
copy_min "$NM/htmx.org/dist/htmx.min.js" "$STATIC/vendor/htmx/htmx.min.js"
cp "$NM/htmx.org/LICENSE" "$STATIC/vendor/htmx/LICENSE"

# Swagger UI (the open data API's docs page; started by static/js/api_docs.js, no inline script)
rm -rf "$STATIC/vendor/swagger-ui"
mkdir -p "$STATIC/vendor/swagger-ui"
copy_min "$NM/swagger-ui-dist/swagger-ui-bundle.js" "$STATIC/vendor/swagger-ui/swagger-ui-bundle.js"
copy_min "$NM/swagger-ui-dist/swagger-ui.css" "$STATIC/vendor/swagger-ui/swagger-ui.css"
cp "$NM/swagger-ui-dist/LICENSE" "$NM/swagger-ui-dist/NOTICE" "$STATIC/vendor/swagger-ui/"

# Washington county map
mkdir -p "$STATIC/geo"
node "$SCRIPT_DIR/build_wa_counties.mjs" "$NM" "$STATIC/geo/wa-counties.json"
cp "$NM/us-atlas/LICENSE" "$STATIC/geo/LICENSE-us-atlas"

cat > "$STATIC/vendor/VERSIONS.txt" <<EOF
bootstrap $BOOTSTRAP_VERSION (npm: bootstrap) - MIT
htmx.org $HTMX_VERSION (npm: htmx.org) - 0BSD
swagger-ui-dist $SWAGGER_UI_VERSION (npm: swagger-ui-dist) - Apache-2.0
us-atlas $US_ATLAS_VERSION (npm: us-atlas) - data: US Census, public domain -> static/geo/wa-counties.json
topojson-client $TOPOJSON_CLIENT_VERSION (npm: topojson-client) - build-time only
Regenerate with scripts/vendor/vendor.sh
EOF

echo "Done."
find "$STATIC/vendor" "$STATIC/geo" -type f -exec ls -l {} \; | awk '{print $5"\t"$9}'
