#!/usr/bin/env bash
# The AWS CLI side of .github/workflows/infra.yml; the decisions are in plan.ts (unit-tested).
#   create  (STACK, TEMPLATE, PARAMETERS, NAME): change set, CREATE for a new stack else UPDATE
#   plan    (ALLOW): every DescribeChangeSet page -> plan.ts -> job summary; fails when refused
#   comment (GH_TOKEN, REPOSITORY, PR): one pull-request comment with the plan, updated in place
#   execute (STACK): execute, wait, and on failure name the failed resource and its reason
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="${RUNNER_TEMP:-/tmp}/infra-plan"
mkdir -p "$state"
marker='<!-- aws-web-deploy infra plan -->'

case "$1" in
  create)
    type=UPDATE
    if ! aws cloudformation describe-stacks --stack-name "$STACK" >/dev/null 2>&1; then type=CREATE; fi
    params=()
    while IFS= read -r line; do
      line="${line#"${line%%[![:space:]]*}"}"
      [ -z "$line" ] && continue
      params+=("ParameterKey=${line%%=*},ParameterValue=${line#*=}")
    done <<<"$PARAMETERS"
    aws cloudformation create-change-set --stack-name "$STACK" --change-set-name "$NAME" \
      --change-set-type "$type" --template-body "file://$TEMPLATE" \
      --capabilities CAPABILITY_NAMED_IAM ${params[@]+--parameters "${params[@]}"} >/dev/null
    echo "$STACK" >"$state/stack"; echo "$NAME" >"$state/name"; echo "$type" >"$state/type"
    aws cloudformation wait change-set-create-complete --stack-name "$STACK" --change-set-name "$NAME" || true
    ;;
  plan)
    stack="$(cat "$state/stack")"; name="$(cat "$state/name")"
    token=''; page=0; files=()
    while :; do
      page=$((page + 1))
      aws cloudformation describe-change-set --stack-name "$stack" --change-set-name "$name" \
        ${token:+--next-token "$token"} >"$state/page-$page.json"
      files+=("$state/page-$page.json")
      token="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).NextToken ?? "")' "$state/page-$page.json")"
      [ -z "$token" ] && break
    done
    allow=(); [ "${ALLOW:-false}" = true ] && allow=(--allow-stateful-replacement)
    status=0
    node "$here/plan.ts" plan "${files[@]}" ${allow[@]+"${allow[@]}"} --out "$state/plan.md" >"$state/plan.log" || status=$?
    cat "$state/plan.md" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
    grep '^::error::' "$state/plan.log" || true
    exit "$status"
    ;;
  comment)
    [ -f "$state/plan.md" ] || exit 0
    id="$(gh api "repos/$REPOSITORY/issues/$PR/comments" --paginate \
      --jq "map(select(.body | startswith(\"$marker\"))) | .[0].id // empty" | head -n1)"
    if [ -n "$id" ]; then
      gh api -X PATCH "repos/$REPOSITORY/issues/comments/$id" -F "body=@$state/plan.md" >/dev/null
    else
      gh api -X POST "repos/$REPOSITORY/issues/$PR/comments" -F "body=@$state/plan.md" >/dev/null
    fi
    ;;
  execute)
    name="$(cat "$state/name")"; type="$(cat "$state/type")"
    if grep -q '^No changes\.' "$state/plan.md"; then echo "No changes to execute."; exit 0; fi
    since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    aws cloudformation execute-change-set --stack-name "$STACK" --change-set-name "$name"
    waiter=stack-update-complete; [ "$type" = CREATE ] && waiter=stack-create-complete
    if ! aws cloudformation wait "$waiter" --stack-name "$STACK"; then
      aws cloudformation describe-stack-events --stack-name "$STACK" >"$state/events.json"
      node "$here/plan.ts" failure "$state/events.json" "$since"
      exit 1
    fi
    echo "Stack $STACK is ${type,,}d."
    ;;
  *) echo "usage: change-set.sh create|plan|comment|execute" >&2; exit 2 ;;
esac
