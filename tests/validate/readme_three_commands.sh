#!/bin/sh
# README's "Fit your node, validate it, size it": the three commands, as written there,
# on the real 1.13 scrape (M3), in a scratch directory. Usage: SCRIPT PLEGSIM SCRAPE
set -eu
plegsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$2" "$dir/node.prom"
cd "$dir"
"$plegsim" fit node.prom -o my-runtime.yaml > /dev/null
cat > my-node.yaml <<'END'
include: my-runtime.yaml
kubelet: {version: "1.13"}
node: {pods: 9, containersPerPod: 1}
workload: {crashRate: 0/h}
END
"$plegsim" validate node.prom --scenario my-node.yaml -r 4 --check
"$plegsim" sweep my-node.yaml --axis node.pods=10,30,60,110 -r 3 -j 2 --duration 20m \
    -o capacity.csv
test "$(wc -l < capacity.csv)" -eq 5
