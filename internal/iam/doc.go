// Package iam is the policy language of the least-privilege IAM policies
// that wireup attaches to each hop of a generated pipeline, and builds the
// identity policy of an application producer or consumer. Each service
// package builds its own hop's IAM with it (internal/service/<id>/iam.go):
// the trust and inline policy of a role that does work (an IoT rule, a
// Firehose delivery stream, a Lambda function) and the resource-based
// policies (queue policy, topic policy, Lambda permission, bucket policy)
// a resource accepts. The grant tables (grants.go, reached through [Grant]),
// the name and key checks, and [Validate] stay here, so every builder
// grants, checks and validates the same way; iamtest runs the same golden
// and invariant tests on all of them.
//
// Least privilege matters here because wireup writes policies on the user's
// behalf into a real account: a generated grant is trusted by default and
// rarely reviewed, so it must allow exactly what the wiring needs: named
// actions (never wildcards) on the named resources (never "*" unless the
// action has no resource-level permission), with the confused-deputy
// conditions AWS documents on every service principal. AWS managed policies
// do not meet that bar (they grant on "*"), so none are used.
//
// Every action, resource pattern and condition comes from AWS's own
// documentation, and the comment next to it gives the page's URL. Where AWS
// documents no narrower grant, or nothing at all, the builders choose the
// narrowest grant that still works and say so, in a comment and in the
// output's Notes.
//
// Policies are plain Go values ([Document]) rendered to deterministic JSON,
// and [Validate] checks the invariants (no wildcard actions, no stray "*"
// resources, confused-deputy conditions present, ARNs in the right partition)
// so that callers, not only tests, can enforce them. That language (the
// documents, Env and its ARNs, Validate) is internal/iam/policy, which iam
// names as well; iam itself holds the grants, the application identities'
// policies and the role, policy and resource-policy outputs.
package iam
