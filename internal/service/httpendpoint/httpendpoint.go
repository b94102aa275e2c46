// Package httpendpoint is the catalog's http-endpoint service for wireup:
// the HTTPS endpoint a Firehose delivery stream posts to
// (firehose-to-http-endpoint, wired by internal/service/firehose) and the
// receiver wireup generates for it. On AWS the receiver is a Lambda
// function behind a function URL, which checks Firehose's access key
// against a Secrets Manager secret deploy creates with a random value; on
// an emulator the same handler runs as cmd/receiver on 127.0.0.1. Its
// resource kinds belong to the services that own them (secretsmanager's
// secret, lambda's function and function URL); this package plans them,
// writes the receiver's role and sees the canary arrive.
package httpendpoint

// Service is the catalog id of the HTTP endpoint.
const Service = "http-endpoint"

// SecretField is the field of the secret's JSON value Firehose reads the
// access key from
// (https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html).
const SecretField = "api_key"
