#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager) from the Go module proxy, at the pins
# of go.mod, and its launcher cmd/kcp, into a cache outside the repository. The three servers are rebuilt only when
# go.mod, go.sum or this script change, kcp when its source does (seconds). Prints the bin directory.
# Test tooling only: nothing built here is shipped or committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${OPTA_DEPLOY_CACHE:-$HOME/.cache/opta-deploy}"
pin="$(cat "$here/go.mod" "$here/go.sum" "$0" | sha256sum | cut -c1-16)"
bin="$cache/controlplane-$pin/bin"
kcp_pin="$(cat "$here"/cmd/kcp/*.go | sha256sum | cut -c1-16)"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/etcd" ] \
    && [ -x "$bin/kcp" ] && [ "$(cat "$bin/kcp.pin" 2>/dev/null)" = "$kcp_pin" ]; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { echo "go is not installed: cannot build the test control plane" >&2; exit 3; }
cd "$here"
if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/kube-controller-manager" ] || [ ! -x "$bin/etcd" ]; then
  rm -rf "$bin.tmp" && mkdir -p "$bin.tmp"
  k8s="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
  minor="$(echo "$k8s" | cut -d. -f2)"
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$k8s -X k8s.io/component-base/version.gitMajor=1"
  ldflags="$ldflags -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  echo "building the test control plane ($k8s) into $bin (a few minutes the first time)" >&2
  CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin.tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager >&2
  # etcd's main package is the module root (server/main.go in etcd's repository)
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin.tmp/etcd" go.etcd.io/etcd/server/v3 >&2
  rm -rf "$bin" && mkdir -p "$(dirname "$bin")" && mv "$bin.tmp" "$bin"
fi
CGO_ENABLED=0 go build -trimpath -o "$bin/kcp" ./cmd/kcp >&2
echo "$kcp_pin" > "$bin/kcp.pin"
echo "$bin"
