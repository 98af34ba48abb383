#!/usr/bin/env bash
# Clone the public repositories of the real-world benchmark (real.sh,
# docs/benchmarks.md): every repository listed in repos.tsv,
# at the commit recorded there.
#
#   ./setup.sh DEST          (a folder outside this repository)
#
# Each repository lands in DEST/<owner>+<name>/ with its work tree at the
# recorded commit (detached HEAD). Repositories already at the right commit
# are left alone, so the script can be re-run after a failure.
# Needs: git, network access to github.com.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
list="$here/repos.tsv"
dest=${1:?usage: setup.sh DEST}
mkdir -p "$dest"

failed=()
# repos.tsv columns: repo, commit, shape, files, bytes, SKILL.md count
while IFS=$'\t' read -r repo commit _; do
  [[ $repo == repo || -z $repo ]] && continue          # header / blank line
  dir="$dest/${repo/\//+}"
  if [[ -d $dir/.git ]] && [[ $(git -C "$dir" rev-parse HEAD 2>/dev/null) == "$commit" ]]; then
    echo "ok    $repo (already at ${commit:0:12})"
    continue
  fi
  echo "clone $repo @ ${commit:0:12}"
  rm -rf "$dir"
  git init -q "$dir"
  git -C "$dir" remote add origin "https://github.com/$repo.git"
  # GitHub serves a commit by its id, so a shallow fetch of just that commit
  # is enough; if it is refused, fall back to a full fetch.
  if ! git -C "$dir" fetch -q --depth 1 origin "$commit"; then
    git -C "$dir" fetch -q origin || { failed+=("$repo"); continue; }
  fi
  if ! git -C "$dir" -c advice.detachedHead=false checkout -q "$commit"; then
    failed+=("$repo")
  fi
done < "$list"

if ((${#failed[@]})); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
echo "corpus ready in $dest"
