// Package stepfunctions is AWS Step Functions for wireup: the STANDARD
// state machine that runs a route's Glue crawler, then its Glue job (the
// replacement AWS names for Data Pipeline), its typed Amazon States
// Language definition, and its role.
//
// Step Functions is no hop of a route: the Glue planner, which owns the
// glue-to-s3 hop, plans the state machine with Plan.
package stepfunctions

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// KindStateMachine is the state machine's plan kind.
const KindStateMachine plan.Kind = "states.state-machine"

// The plan resource ids of the state machine, its role and its log group.
const (
	IDStateMachine = "state-machine"
	IDRole         = "role/states"
	IDLogGroup     = "log-group/states"
)

// Kinds are the Step Functions resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewStateMachine(sfn.NewFromConfig(cfg))}
}
