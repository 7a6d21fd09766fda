#!/usr/bin/env bash
# Regenerates screenshots/*.png: every wizard step and the route-services
# view, drawn by the program itself against the demo world (no cloud
# account, nothing leaves loopback).
#
#   screenshots/generate.sh            # from anywhere in the repository
#
# screenshots/capture renders each screen as the terminal would receive it
# (.ansi); freeze v0.2.2 lays it out as SVG in DejaVu Sans Mono, and
# librsvg's rsvg-convert rasterises it. The two Chinese screens (zh-*.png)
# are laid out in WenQuanYi Zen Hei Mono, whose Chinese characters are
# exactly two of its Latin cells wide, as in a terminal. Missing tools are
# installed: freeze with `go install`, rsvg-convert and the fonts with
# apt-get (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."

FREEZE_VERSION=v0.2.2
WIDTH=120
HEIGHT=36
ZOOM=1.5 # of freeze's SVG: about 1,600 pixels wide, crisp and small

# The emulator runs on loopback; keep it away from proxies and the SDK away
# from the ECS metadata service and the user's aliyun profile.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true
export NO_PROXY=127.0.0.1,localhost
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy DEBUG

need_apt() {
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "== installing $* with apt-get"
	$sudo apt-get install -y "$@" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$@" >/dev/null; }
}

freeze_bin() {
	local bin
	bin="$(go env GOPATH)/bin/freeze"
	if ! "$bin" --version 2>/dev/null | grep -q "${FREEZE_VERSION#v}"; then
		echo "== installing freeze $FREEZE_VERSION" >&2
		GOFLAGS= go install "github.com/charmbracelet/freeze@$FREEZE_VERSION"
	fi
	echo "$bin"
}

command -v rsvg-convert >/dev/null || need_apt librsvg2-bin
fc-list 2>/dev/null | grep -q "DejaVu Sans Mono" || need_apt fonts-dejavu-core fontconfig
fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei Mono" || need_apt fonts-wqy-zenhei
freeze=$(freeze_bin)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== capturing the screens (${WIDTH}x${HEIGHT})"
go run ./screenshots/capture -out "$work" -width "$WIDTH" -height "$HEIGHT"
go run ./screenshots/capture -out "$work" -width "$WIDTH" -height "$HEIGHT" -lang zh

rm -f screenshots/*.png
for screen in "$work"/*.ansi; do
	name=$(basename "$screen" .ansi)
	font="DejaVu Sans Mono"
	case "$name" in zh-*) font="WenQuanYi Zen Hei Mono" ;; esac
	"$freeze" "$screen" --language ansi --font.family "$font" --window --padding 20 \
		--output "$work/$name.svg" >/dev/null
	rsvg-convert --zoom "$ZOOM" --format png --output "screenshots/$name.png" "$work/$name.svg"
	echo "   screenshots/$name.png"
done
