#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager) from the Go module proxy, at the pins
# of go.mod, into a cache outside the repository; rebuilt only when go.mod, go.sum or this script change.
# Prints the bin directory. Test tooling only: nothing built here is shipped or committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${OPTA_DEPLOY_CACHE:-$HOME/.cache/opta-deploy}"
pin="$(cat "$here/go.mod" "$here/go.sum" "$0" | sha256sum | cut -c1-16)"
bin="$cache/controlplane-$pin/bin"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/etcd" ] && [ -x "$bin/kcp" ]; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { echo "go is not installed: cannot build the test control plane" >&2; exit 3; }
mkdir -p "$bin.tmp"
k8s="$(cd "$here" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
minor="$(echo "$k8s" | cut -d. -f2)"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$k8s -X k8s.io/component-base/version.gitMajor=1"
ldflags="$ldflags -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
cd "$here"
echo "building the test control plane ($k8s) into $bin (a few minutes the first time)" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin.tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager ./cmd/kcp >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin.tmp/etcd" go.etcd.io/etcd/server/v3 >&2
rm -rf "$bin" && mv "$bin.tmp" "$bin"
echo "$bin"
