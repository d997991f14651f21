#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, idempotently and without questions:
# system packages (redis-server, ffmpeg, chromium for browser tests, fonts, GStreamer's RTSP server for
# the simulated cameras), npm dependencies,
# and the production build of the web app. Safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup] $*"; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
# The simulated cameras' RTSP server (sim/rtsp/camera-server.py): GStreamer's RTSP server run by the
# system python3 (/usr/bin/python3, not a pyenv shim) through gi; media's tests use it as their camera.
for pkg in gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
  gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-tools python3-gi; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# The simulated cameras cut their people from opencv-doc's pedestrian video (vtest.avi, sim/src/cameras/people.ts).
dpkg -s opencv-doc >/dev/null 2>&1 || missing+=(opencv-doc)
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The api serves web/dist; rebuild it when any web source is newer than the build.
if [ -f web/index.html ]; then
  if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts core/src -newer web/dist/index.html -print -quit 2>/dev/null)" ]; then
    say "building the web app"
    npm run build -w @pkk/web --silent >/dev/null
  fi
fi
say "ready"
