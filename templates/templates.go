// Package templates holds the files wireup generates projects from,
// composed per service role and per edge, never per route. A service's
// templates are in its own folder, named after its catalog id; what every
// project shares is in the others:
//
//	<svc>/producer     how cmd/producer sends into the service (internal/producer/<svc>.go);
//	                   producer.md: the README's "How the producer sends"
//	<svc>/*.md         optional README notes: producer_run, consumer_run (under "Run it"),
//	                   consumer (how the consumer reads)
//	<svc>/consumer     how cmd/consumer and the integration test read it (internal/consumer/<svc>.go)
//	<svc>/handler      the Lambda handler for its events (cmd/handler/<svc>.go), with tests
//	<svc>/testdata/    the handler's event fixtures
//	<svc>/config       settings helpers it needs (internal/config/<svc>.go: the SQS queue URL)
//	project/           files every project has (go.mod, Makefile, README, config, event)
//	producer/          the shared delivery loop every producer sends with
//	consumer/          the shared reader entry point and poll loop
//	handler/           the handler's main, which every service's handler calls into
//	transform/         the Firehose transformation Lambda
//
// Which of a service's templates exist is said by its generate.go
// (internal/service/<svc>); optional _test templates are used when present.
//
// Every file ends in .tmpl so that Go sources and go.mod files here are not
// part of wireup's own build; the generator strips the suffix.
package templates

import "embed"

// FS is the template tree: every folder here, so a new service's folder
// needs no line of its own. all: keeps dotfiles such as .gitignore.tmpl.
//
//go:embed all:*
var FS embed.FS
