package httpendpoint

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/spec"
)

// ReceiverRoleInput describes the receiver function's execution role.
type ReceiverRoleInput struct {
	FunctionName string
	RoleName     string
	// SecretName is the secret holding the access key the receiver
	// compares Firehose's with.
	SecretName string
}

// RoleInput is the receiver role input of the spec's http-endpoint
// section; the plan and the generator's iam/ files both use it.
func RoleInput(s *spec.Spec) ReceiverRoleInput {
	h := s.HTTPEndpoint
	return ReceiverRoleInput{FunctionName: h.Function, RoleName: h.Role, SecretName: h.Secret}
}

// ReceiverRole returns the receiver function's execution role: a Lambda
// execution role with logs on its own log group only
// (lambda.ExecutionRole), and secretsmanager:GetSecretValue on the access
// key's secret, the one call the receiver makes
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html).
// A function URL with auth type NONE needs no IAM on the caller's side:
// Firehose authenticates with the key alone.
func ReceiverRole(env iam.Env, in ReceiverRoleInput) (iam.Role, error) {
	r, err := lambda.ExecutionRole(env, lambda.ExecutionRoleInput{FunctionName: in.FunctionName, RoleName: in.RoleName})
	if err != nil {
		return iam.Role{}, err
	}
	what := fmt.Sprintf("HTTP endpoint receiver role %s", in.RoleName)
	if err := iam.CheckName("secret name", in.SecretName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	r.Policy.Statement = append(r.Policy.Statement,
		iam.AllowStatement("ReadAccessKey", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(in.SecretName)))
	r.Purpose = fmt.Sprintf("Lets Lambda function %s receive Firehose's HTTP endpoint deliveries: write its logs and read the access key of secret %s.", in.FunctionName, in.SecretName)
	r.Notes = append(r.Notes, fmt.Sprintf("The receiver reads secret %s (its name and Secrets Manager's six-character suffix) to compare X-Amz-Firehose-Access-Key with it in constant time; it cannot read any other secret.", in.SecretName))
	return iam.Validated(env, what, r)
}
