# Sourced by the benchmarks that run against a real API server: builds the test control plane when its pin changed
# (tools/controlplane/build.sh, from the Go module proxy; minutes the first time) and sets CONTROLPLANE_BIN.
CONTROLPLANE_BIN=${OPTA_CONTROLPLANE_BIN:-}
if [[ -z $CONTROLPLANE_BIN ]]; then
  CONTROLPLANE_BIN=$(tools/controlplane/build.sh) || {
    echo "bench: cannot build the test control plane (Go or the module proxy missing?); set OPTA_CONTROLPLANE_BIN" >&2
    exit 3
  }
fi
