#!/usr/bin/env bash
# Chaos in a real terminal: 10,000 seeded random key presses and 200 resizes (10x3 .. 300x100)
# sent through tmux to `tokendeck --demo` running under `bash --norc`. The program must never
# die; afterwards Esc + `q` must exit it with status 0, the shell prompt must come back, the
# alternate screen must be left and the tty must have echo and icanon on again.
#
#   scripts/chaos.sh [--keys N] [--resizes N] [--seed S]      (TOKENDECK_BINARY overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."

keys=10000 resizes=200 seed=${CHAOS_SEED:-8}
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) keys=$2; shift 2 ;;
    --resizes) resizes=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "chaos: unknown option $1" >&2; exit 2 ;;
  esac
done

binary=${TOKENDECK_BINARY:-$PWD/.build/debug/tokendeck}
[ -x "$binary" ] || { echo "chaos: no binary at $binary (run swift build)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "chaos: tmux is not installed" >&2; exit 2; }

socket="tokendeck-chaos-$$"
session=chaos
work=$(mktemp -d)
t() { env -u TMUX tmux -L "$socket" "$@"; }
cleanup() { t kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

fail() {
  echo "chaos: FAIL: $*" >&2
  echo "--- last screen ---" >&2
  t capture-pane -p -t "$session" >&2 2>/dev/null || true
  exit 1
}

started=$(date +%s)
# A private server with no user config; a plain shell that we can inspect afterwards.
t -f /dev/null new-session -d -s "$session" -x 120 -y 40 "env -i HOME=$work PATH=$PATH TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 bash --norc --noprofile"
t set-option -t "$session" remain-on-exit on
t set-option -t "$session" window-size manual 2>/dev/null || true
t send-keys -t "$session" "PS1='chaos-prompt\$ '" Enter
t send-keys -t "$session" "cd $work && XDG_CONFIG_HOME=$work XDG_CACHE_HOME=$work $binary --demo; echo chaos-exit=\$?" Enter

wait_for() { # text timeout
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    t capture-pane -p -t "$session" | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
wait_for "TokenDeck" 20 || fail "the dashboard did not start"

shell_pid=$(t display-message -p -t "$session" '#{pane_pid}')
app_pid=""
for _ in $(seq 50); do
  app_pid=$(pgrep -P "$shell_pid" -x tokendeck || true)
  [ -n "$app_pid" ] && break
  sleep 0.1
done
[ -n "$app_pid" ] || fail "cannot find the tokendeck process under the shell $shell_pid"

# The plan: batches of tmux key names, with a resize between some of them. Keys that quit or
# stop the program (q, Ctrl-C, Ctrl-\, Ctrl-Z) are left out; so is Ctrl-D, which could end the
# shell if a batch ever arrived after an exit.
python3 - "$seed" "$keys" "$resizes" > "$work/plan" <<'EOF'
import random, sys
seed, keys, resizes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
printable = [c for c in "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789/?!@#%^&*()-_=+[]{}<>,.:'\"|`~ "
             if c not in "qQ"]
named = ["Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "Tab", "BTab", "Enter",
         "Escape", "BSpace", "DC", "IC", "Space"] + [f"F{n}" for n in range(1, 13)]
ctrl = [f"C-{c}" for c in "abefghiklnoprtuvwxy"]  # no C-c, C-d, C-z, C-\, C-q, C-s, C-j, C-m
meta = [f"M-{c}" for c in "abcdefghjklmnoprstuvwxyz"]
pool = printable * 3 + named * 4 + ctrl + meta
batches = max(1, resizes)
per = keys // batches
left = keys - per * batches
for b in range(batches):
    n = per + (1 if b < left else 0)
    batch = [rng.choice(pool) for _ in range(n)]
    # tmux reads a lone ';' as a command separator; send it escaped.
    print("K " + "\t".join("\\;" if k == ";" else k for k in batch))
    if b < resizes:
        print(f"R {rng.randint(10, 300)} {rng.randint(3, 100)}")
EOF

sent=0 resized=0
while IFS= read -r line; do
  case "$line" in
    K\ *)
      IFS=$'\t' read -r -a batch <<< "${line#K }"
      t send-keys -t "$session" -- "${batch[@]}" || fail "send-keys failed after $sent keys"
      sent=$(( sent + ${#batch[@]} ))
      ;;
    R\ *)
      read -r _ w h <<< "$line"
      t resize-window -t "$session" -x "$w" -y "$h" || fail "resize to ${w}x${h} failed"
      resized=$(( resized + 1 ))
      ;;
  esac
  if ! kill -0 "$app_pid" 2>/dev/null || [ "$(t display-message -p -t "$session" '#{pane_dead}')" = 1 ]; then
    fail "tokendeck (pid $app_pid) died after $sent keys and $resized resizes (seed $seed)"
  fi
  sleep 0.02
done < "$work/plan"

# Let it drain its input, then check it is still there.
sleep 1
kill -0 "$app_pid" 2>/dev/null || fail "tokendeck died after all $sent keys (seed $seed)"
echo "chaos: $sent keys and $resized resizes survived (seed $seed)"

# Leave every overlay (help, pickers, the form, search), then quit.
t resize-window -t "$session" -x 120 -y 40
for _ in 1 2 3 4 5; do t send-keys -t "$session" Escape; sleep 0.15; done
t send-keys -t "$session" q
deadline=$(( $(date +%s) + 10 ))
while kill -0 "$app_pid" 2>/dev/null && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null && fail "q did not end tokendeck within 10 s"
wait_for "chaos-exit=" 5 || fail "the shell did not report tokendeck's exit"
t capture-pane -p -t "$session" | grep -q "chaos-exit=0" || fail "tokendeck exited non-zero: $(t capture-pane -p -t "$session" | grep chaos-exit=)"
[ "$(t display-message -p -t "$session" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen after exit"
[ "$(t display-message -p -t "$session" '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden after exit"

t send-keys -t "$session" "clear; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon|isig)' | tr '\\n' ' '; echo; echo stty-done" Enter
wait_for "stty-done" 5 || fail "the shell prompt did not come back"
modes=$(t capture-pane -p -t "$session" | grep -E -- '(echo|icanon)' | grep -v stty | head -1)
for mode in echo icanon isig; do
  echo " $modes " | grep -q " $mode " || fail "tty mode $mode is off after exit: $modes"
done
t capture-pane -p -t "$session" | grep -q "chaos-prompt\\$" || fail "no shell prompt after exit"
echo "chaos: q exited 0; prompt back; tty modes: $modes; $(( $(date +%s) - started )) s"
