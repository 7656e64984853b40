#!/usr/bin/env python3
"""The simplest program a user could write to collect every token id an organisation holds.

Sequential, single-threaded, Python standard library only (urllib.request, json, tomllib): one
page at a time, no threads, no connection reuse tricks. Written from the five vendor documents in
shared/specs, sharing no code with TokenDeck; it is the baseline scripts/bench-sync.sh measures a
full TokenDeck sync against, so it walks the same listings TokenDeck does:

  Provisionr   GET {base}/workspace/tokens?page[size]=500&page[number]=N, then the same with
               filter[trashed]=only (the trash, so a trashed token is known as such); until last_page
  Prefactor    GET {base}/api/v1/api_token?account_id=…&pagination[offset]=O&pagination[page_size]=100,
               following pagination.next_page_offset
  metokens     GET {base}/api/v1/me/tokens?page=N (its fixed page size), following links.next
  TrueFoundry  GET {base}/api/svc/v1/personal-access-tokens?limit=1000&offset=O, until offset >= total

The accounts come from a TokenDeck config file (as `tokendeck sandbox --write-config` writes it):
each [[accounts]] block's vendor, base_url, token_env (the bearer token's environment variable)
and, for Prefactor, account_id.

    scripts/baseline-walk.py CONFIG.toml

Prints one line per account (distinct ids, pages) and a total; exits 1 on any HTTP failure.
"""
import json
import os
import sys
import tomllib
import urllib.parse
import urllib.request


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def url(base, path, params):
    return base.rstrip("/") + path + "?" + urllib.parse.urlencode(params)


def walk_provisionr(account, token):
    ids, pages = [], 0
    for trash in (None, "only"):
        number = 1
        while True:
            params = {"page[size]": 500, "page[number]": number}
            if trash:
                params["filter[trashed]"] = trash
            body = get(url(account["base_url"], "/workspace/tokens", params), token)
            pages += 1
            ids.extend(item["id"] for item in body["data"])
            if not body["data"] or body["current_page"] >= body["last_page"]:
                break
            number += 1
    return ids, pages


def walk_prefactor(account, token):
    ids, pages, offset = [], 0, 0
    while offset is not None:
        params = {"pagination[offset]": offset, "pagination[page_size]": 100}
        if account.get("account_id"):
            params["account_id"] = account["account_id"]
        body = get(url(account["base_url"], "/api/v1/api_token", params), token)
        pages += 1
        ids.extend(item["id"] for item in body["summaries"])
        offset = body["pagination"]["next_page_offset"]
    return ids, pages


def walk_metokens(account, token):
    ids, pages = [], 0
    next_url = url(account["base_url"], "/api/v1/me/tokens", {"page": 1})
    while next_url:
        body = get(next_url, token)
        pages += 1
        ids.extend(item["id"] for item in body["data"])
        next_url = body["links"]["next"]
    return ids, pages


def walk_truefoundry(account, token):
    ids, pages, offset, total = [], 0, 0, 1
    while offset < total:
        body = get(url(account["base_url"], "/api/svc/v1/personal-access-tokens", {"limit": 1000, "offset": offset}), token)
        pages += 1
        ids.extend(item["id"] for item in body["data"])
        total = body["pagination"]["total"]
        if not body["data"]:
            break
        offset += len(body["data"])
    return ids, pages


WALKS = {"provisionr": walk_provisionr, "prefactor": walk_prefactor, "metokens": walk_metokens,
         "truefoundry": walk_truefoundry}


def main():
    if len(sys.argv) != 2:
        print("usage: baseline-walk.py CONFIG.toml", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as file:
        config = tomllib.load(file)
    total = 0
    requests = 0
    for account in config.get("accounts", []):
        token = os.environ.get(account.get("token_env", ""), "")
        try:
            ids, pages = WALKS[account["vendor"]](account, token)
        except Exception as error:  # any failure ends the walk: the figure would not be comparable
            print(f"{account['name']}: {error}", file=sys.stderr)
            return 1
        distinct = len(set(ids))
        print(f"{account['name']:<24} {distinct:>8} distinct ids ({pages} pages)")
        total += distinct
        requests += pages
    print(f"{'total':<24} {total:>8} distinct ids ({requests} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
