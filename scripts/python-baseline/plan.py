#!/usr/bin/env python3
"""What a user would write instead of egpolicy's offline plan (issue 5's comparison baseline).

  plan.py POLICY_DIR LIVE_STATE_JSON

Reads every *.yaml / *.yml under POLICY_DIR (names starting with "." skipped, sorted by path) with
PyYAML's C loader, resolves the top-level `resources:` aliases (shared by all files) and the roles by
id or name against the live roles (the GET /roles JSON array in LIVE_STATE_JSON), and computes per
role the set difference live - desired. Prints a summary on stderr and one JSON line per
unassignment on stdout: {"roleId": ..., "resourceId": ...}, sorted.

Needs PyYAML built with libyaml (`pip install pyyaml`; check with
`python3 -c 'import yaml; print(yaml.__with_libyaml__)'`). It checks only what it needs to plan: it
is a baseline for time, not a validator.
"""
import json
import os
import sys
import time

import yaml


def policy_files(root):
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and name.endswith((".yaml", ".yml")):
                found.append(os.path.join(directory, name))
    return sorted(found, key=os.fsencode)


def load_policy(root):
    """The declared roles as (id or None, name or None, [resource names as written]), and the aliases."""
    aliases = {}
    roles = []
    for path in policy_files(root):
        with open(path, "rb") as f:
            for document in yaml.load_all(f, Loader=yaml.CSafeLoader):
                if not document:
                    continue
                for alias, uuid in (document.get("resources") or {}).items():
                    aliases[str(alias)] = str(uuid).lower()
                for role in document.get("roles") or []:
                    role_id = role.get("id")
                    roles.append((str(role_id).lower() if role_id is not None else None,
                                  role.get("name"), [str(r) for r in role["resources"]]))
    return roles, aliases


def plan(policy_dir, live_roles):
    """The unassignments as sorted (roleId, resourceId) pairs, and the count of missing bindings."""
    roles, aliases = load_policy(policy_dir)
    by_id = {role["id"].lower(): role for role in live_roles}
    by_name = {role["name"]: role for role in live_roles}
    unassign = []
    missing = 0
    for role_id, name, resources in roles:
        live = by_id.get(role_id) if role_id else by_name.get(name)
        if live is None or (role_id and name is not None and live["name"] != name):
            sys.exit("error: role %s not found live" % (role_id or name))
        desired = {aliases.get(r, r).lower() for r in resources}
        held = {r.lower() for r in live["resourceIds"]}
        live_id = live["id"].lower()
        unassign.extend((live_id, r) for r in held - desired)
        missing += len(desired - held)
    unassign.sort()
    return unassign, missing, len(roles)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plan.py POLICY_DIR LIVE_STATE_JSON")
    started = time.perf_counter()
    with open(sys.argv[2], "rb") as f:
        live_roles = json.load(f)
    unassign, missing, managed = plan(sys.argv[1], live_roles)
    out = sys.stdout
    for role_id, resource_id in unassign:
        out.write('{"roleId": "%s", "resourceId": "%s"}\n' % (role_id, resource_id))
    out.flush()
    print("%d roles managed, %d unassign, %d missing (%.3f s)"
          % (managed, len(unassign), missing, time.perf_counter() - started), file=sys.stderr)


if __name__ == "__main__":
    main()
