package httpendpoint

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about the HTTP endpoint:
// no producer, reader or handler of its own; cmd/receiver
// (templates/http-endpoint/receiver*), the endpoint itself, deployed as
// the receiver function and run locally for an emulator.
func Generator() service.Generator {
	return service.Generator{
		ID: Service, Func: "HTTPEndpoint",
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/secretsmanager", "github.com/aws/aws-lambda-go"},
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "HTTP_ENDPOINT_SECRET", Field: "HTTPEndpointSecret", Default: s.HTTPEndpoint.Secret,
				Doc: "the Secrets Manager secret holding the access key Firehose sends"}}
		},
		Resource: func(s *spec.Spec) string { return s.HTTPEndpoint.Function },
		Defaults: Defaults,
		Commands: []service.Command{{
			Name: "receiver",
			On:   func(s *spec.Spec) bool { return s.HTTPEndpoint != nil },
			Doc: func(s *spec.Spec) string {
				return fmt.Sprintf("the HTTP endpoint delivery stream %s posts to: Lambda function %s behind its function URL on AWS; `go run ./cmd/receiver --insecure-no-access-key` on 127.0.0.1:%d for moto, which sends no access key",
					s.Firehose.DeliveryStream, s.HTTPEndpoint.Function, s.HTTPEndpoint.LocalPort)
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) { return ReaderPolicy(env, s.HTTPEndpoint.Secret) },
		}},
	}
}

// ReaderPolicy is the identity policy of whoever runs cmd/receiver with
// the access key check: the one secret read.
func ReaderPolicy(env iam.Env, secret string) (iam.Policy, error) {
	if err := iam.CheckName("secret name", secret); err != nil {
		return iam.Policy{}, fmt.Errorf("HTTP endpoint receiver policy: %w", err)
	}
	return iam.Validated(env, "HTTP endpoint receiver policy", iam.Policy{Name: "receiver",
		Purpose:  fmt.Sprintf("Lets cmd/receiver, run outside Lambda, read the access key of secret %s to check Firehose's requests.", secret),
		Document: iam.NewDocument(iam.AllowStatement("ReadAccessKey", []string{"secretsmanager:GetSecretValue"}, env.SecretARN(secret))),
	})
}
