#!/usr/bin/env bash
# Walks every page of every vendor on a running `tokendeck sandbox`, following each
# vendor's own paging (Provisionr next_page_url with filter[trashed]=with, Prefactor
# next_page_offset per account, metokens links.next, TrueFoundry offset/total), and
# counts distinct token ids per vendor and in total.
#
#   scripts/sandbox-walk.sh http://127.0.0.1:PORT
#
# Env: PREFACTOR_ACCOUNTS (space-separated; default: the sandbox's two accounts).
set -euo pipefail

origin="${1:-${SANDBOX_URL:-}}"
if [[ -z "$origin" ]]; then
  echo "usage: $0 http://HOST:PORT   (the origin \`tokendeck sandbox\` printed)" >&2
  exit 2
fi
origin="${origin%/}"
accounts="${PREFACTOR_ACCOUNTS:-013xrzp12g3nqk8ngskn1wtxgka5b0nf 013xrzp12g3nqk8nv4e6wq2hdcy7s1ta}"
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
requests=0

# page VENDOR URL JQ: fetches one page and runs JQ over it once; JQ prints the next
# cursor on its first line (empty at the end) and then one id a line. Transient failures
# (429, 5xx, a cut body) are retried. Sets $next and appends the ids to $work/VENDOR.
page() {
  local vendor="$1" url="$2" filter="$3" attempt status
  for attempt in 1 2 3 4 5; do
    requests=$((requests + 1))
    status="$(curl -sS -g -o "$work/body" -w '%{http_code}' \
      -H "Authorization: Bearer sandbox-$vendor-token" -H 'Accept: application/json' "$url" || echo 000)"
    if [[ "$status" == 200 ]] && jq -r "$filter" "$work/body" > "$work/out" 2>/dev/null; then
      next="$(head -n 1 "$work/out")"
      tail -n +2 "$work/out" >> "$work/$vendor"
      return 0
    fi
    echo "  $vendor: HTTP $status (or an unreadable body) on attempt $attempt for $url; retrying" >&2
    sleep 1
  done
  echo "$0: giving up on $url" >&2
  exit 1
}

walk_provisionr() {
  local url="$origin/provisionr/api/v1/workspace/tokens?filter%5Btrashed%5D=with&page%5Bsize%5D=1000"
  while [[ -n "$url" ]]; do
    page provisionr "$url" '(.next_page_url // ""), .data[].id'
    url="$next"
  done
}

walk_prefactor() {
  local account offset
  for account in $accounts; do
    offset=0
    while [[ -n "$offset" ]]; do
      page prefactor "$origin/prefactor/api/v1/api_token?account_id=$account&pagination%5Boffset%5D=$offset&pagination%5Bpage_size%5D=250" \
        '(.pagination.next_page_offset // ""), .summaries[].id'
      offset="$next"
    done
  done
}

walk_metokens() {
  local url="$origin/metokens/api/v1/me/tokens?page=1"
  while [[ -n "$url" ]]; do
    page metokens "$url" '(.links.next // ""), .data[].id'
    url="$next"
  done
}

walk_truefoundry() {
  local offset=0 limit=1000 total=1
  while (( offset < total )); do
    page truefoundry "$origin/truefoundry/api/svc/v1/personal-access-tokens?limit=$limit&offset=$offset" \
      '.pagination.total, .data[].id'
    total="$next"
    offset=$((offset + limit))
  done
}

start=$SECONDS
grand=0
for vendor in provisionr prefactor metokens truefoundry; do
  : > "$work/$vendor"
  "walk_$vendor"
  rows="$(wc -l < "$work/$vendor")"
  distinct="$(sort -u "$work/$vendor" | wc -l)"
  printf '%-12s %8d distinct ids (%d rows)\n' "$vendor" "$distinct" "$rows"
  grand=$((grand + distinct))
done
printf '%-12s %8d distinct tokens (%d requests, %ds)\n' total "$grand" "$requests" $((SECONDS - start))
