package lambda

import (
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Lambda: it runs
// cmd/handler on the events of the service before it on the route (the
// handler templates are that service's); nothing writes to or reads a
// function directly.
func Generator() service.Generator {
	return service.Generator{
		Defaults: Defaults,
		ID:       "lambda", Func: "Lambda",
		RunsHandler: true,
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "LAMBDA_FUNCTION", Field: "LambdaFunction", Default: s.Lambda.Function, Doc: "the Lambda function running cmd/handler"}}
		},
		Resource: func(s *spec.Spec) string { return s.Lambda.Function },
		Policies: []service.PolicyFile{{Kind: plan.KindPermission, Name: func(function string) string { return "lambda-permission-" + function + ".json" }}},
	}
}
