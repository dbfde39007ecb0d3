#!/bin/sh
# A durable sweep (--raw -o FILE) killed with SIGKILL half-way and resumed (--resume)
# gives the same file as an uninterrupted sweep (issue 13, item 3).
# usage: sweep_resume_kill.sh PLEGSIM WORKDIR
set -eu
p=$1
d=$2
mkdir -p "$d"
rm -f "$d/full.csv" "$d/part.csv"
set -- --axis node.pods=100..800:100 -r 3 -j 2 --duration 24h --raw -q
"$p" sweep "$@" -o "$d/full.csv"
total=$(wc -l < "$d/full.csv")
"$p" sweep "$@" -o "$d/part.csv" &
pid=$!
i=0
while [ "$(cat "$d/part.csv" 2>/dev/null | wc -l)" -lt 4 ] && [ $i -lt 2000 ]; do
  sleep 0.01
  i=$((i + 1))
done
kill -KILL $pid
wait $pid || true
rows=$(wc -l < "$d/part.csv")
echo "killed with $rows of $total lines written"
if [ "$rows" -ge "$total" ]; then
  echo "the sweep finished before the kill: make the runs longer"
  exit 1
fi
"$p" sweep "$@" -o "$d/part.csv" --resume
cmp "$d/full.csv" "$d/part.csv"
# Resuming a complete file runs nothing and leaves it as it is.
"$p" sweep "$@" -o "$d/part.csv" --resume
cmp "$d/full.csv" "$d/part.csv"
# A row cut short (a kill mid-write) is dropped and run again.
head -n 10 "$d/full.csv" > "$d/part.csv"
sed -n 11p "$d/full.csv" | cut -c 1-12 | tr -d '\n' >> "$d/part.csv"
"$p" sweep "$@" -o "$d/part.csv" --resume
cmp "$d/full.csv" "$d/part.csv"
# Another sweep's file is refused, and left alone.
if "$p" sweep --axis node.pods=1,2 -r 3 --raw -q -o "$d/part.csv" --resume; then
  echo "resumed another sweep's file"
  exit 1
fi
cmp "$d/full.csv" "$d/part.csv"
echo "resumed: identical"
