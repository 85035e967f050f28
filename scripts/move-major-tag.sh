#!/usr/bin/env bash
# Points the major tag of a release (v1 for v1.2.3) at the release commit, and only forward:
# the commit must descend from the one the major tag names now, so callers of @v1 never go back
# to older code and never jump to a branch that left v1's history. Used by
# .github/workflows/release.yml; tested in test/unit/workflows/release.test.ts.
#
#   scripts/move-major-tag.sh TAG COMMIT [REMOTE]    (REMOTE defaults to origin)
set -euo pipefail

tag="${1:?usage: move-major-tag.sh TAG COMMIT [REMOTE]}"
commit="${2:?usage: move-major-tag.sh TAG COMMIT [REMOTE]}"
remote="${3:-origin}"

if [[ ! "$tag" =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]]; then
  echo "::error::$tag is not a release tag (vMAJOR.MINOR.PATCH)"
  exit 1
fi
major="v${BASH_REMATCH[1]}"
target="$(git rev-parse --verify "$commit^{commit}")"
current="$(git rev-parse -q --verify "refs/tags/$major^{commit}" || true)"

if [ "$current" = "$target" ]; then
  echo "$major already names $target"
  exit 0
fi
if [ -n "$current" ] && ! git merge-base --is-ancestor "$current" "$target"; then
  echo "::error::$major names $current, which $tag ($target) does not descend from: refusing to move $major backwards or sideways"
  exit 1
fi
git tag --force "$major" "$target"
git push --force "$remote" "refs/tags/$major"
echo "$major now names $target"
