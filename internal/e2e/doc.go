// Package e2e holds wireup's end-to-end tests: the real wireup binary
// generates a project, deploys it to an emulator, and the generated
// project's own code (its integration test, producer and consumer) runs
// against what was deployed, before wireup verifies, checks status and
// destroys it. The package has no code of its own; the tests skip without
// AWS_ENDPOINT_URL.
package e2e
