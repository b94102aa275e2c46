// Package templates holds the files wireup generates projects from,
// composed per service role and per edge, never per route:
//
//	project/           files every project has (go.mod, Makefile, README, config, event)
//	config/<svc>       settings helpers a service needs (the SQS queue URL)
//	producer/<svc>     how cmd/producer sends into a service
//	consumer/<svc>     how cmd/consumer and the integration test read a service
//	handler/<svc>      the Lambda handler for events from a service, its tests and fixtures
//	transform/         the Firehose transformation Lambda
//
// Every file ends in .tmpl so that Go sources and go.mod files here are not
// part of wireup's own build; the generator strips the suffix.
package templates

import "embed"

// FS is the template tree. all: keeps dotfiles such as .gitignore.tmpl.
//
//go:embed all:project all:config all:producer all:consumer all:handler all:transform
var FS embed.FS
