#!/bin/sh
# Every `plegsim sweep -o FILE` keeps a journal (FILE.journal): a sweep killed with
# SIGKILL half-way and resumed (--resume) gives the same file as an uninterrupted one,
# byte for byte (aggregate CSV) or table for table (HDF5); SIGINT leaves the journal and
# says --resume completes it; the journal is gone once FILE is written (issue 13).
# usage: sweep_journal_kill.sh PLEGSIM WORKDIR PYTHON
set -eu
p=$1
d=$2
py=$3
here=$(dirname "$0")
mkdir -p "$d"
rm -f "$d"/full.* "$d"/part.*
set -- --axis node.pods=100..800:100 -r 3 -j 2 --duration 24h -q
total=24

# Waits until FILE.journal holds at least 4 runs (after its 2 header lines).
wait_rows() {
  i=0
  while [ "$(cat "$1.journal" 2>/dev/null | wc -l)" -lt 6 ] && [ $i -lt 3000 ]; do
    sleep 0.01
    i=$((i + 1))
  done
}

same() {
  case $1 in
    *.h5) "$py" "$here/sweep_h5_equal.py" "$1" "$2" ;;
    *) cmp "$1" "$2" ;;
  esac
}

for ext in csv h5; do
  "$p" sweep "$@" -o "$d/full.$ext"
  test ! -e "$d/full.$ext.journal" || { echo "full.$ext: journal left behind"; exit 1; }
  "$p" sweep "$@" -o "$d/part.$ext" &
  pid=$!
  wait_rows "$d/part.$ext"
  kill -KILL $pid
  wait $pid || true
  runs=$(($(wc -l < "$d/part.$ext.journal") - 2))
  echo "$ext: killed with $runs of $total runs journaled"
  if [ "$runs" -ge "$total" ] || [ -e "$d/part.$ext" ]; then
    echo "the sweep finished before the kill: make the runs longer"
    exit 1
  fi
  "$p" sweep "$@" -o "$d/part.$ext" --resume
  test ! -e "$d/part.$ext.journal" || { echo "part.$ext: journal left behind"; exit 1; }
  same "$d/full.$ext" "$d/part.$ext"
done

# SIGINT: runs under way finish, the journal stays, the message says how to go on.
rm -f "$d/part.h5"
"$p" sweep "$@" -o "$d/part.h5" 2> "$d/part.err" &
pid=$!
wait_rows "$d/part.h5"
kill -INT $pid
rc=0
wait $pid || rc=$?
cat "$d/part.err"
test $rc -eq 130 || { echo "SIGINT: exit $rc, not 130"; exit 1; }
test ! -e "$d/part.h5" || { echo "SIGINT: part.h5 written"; exit 1; }
grep -q "part.h5.journal holds them (--resume completes .*part.h5)" "$d/part.err"
"$p" sweep "$@" -o "$d/part.h5" --resume
same "$d/full.h5" "$d/part.h5"
echo "resumed: identical"
