package lambda

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are how the function's event source mapping handles failure.
func Defaults(s *spec.Spec) []service.Default {
	l := s.Lambda
	out := []service.Default{{Value: "scoped to /aws/lambda/" + l.Function, What: "the execution role may write only its own function's logs (not AWSLambdaBasicExecutionRole's \"*\")",
		Doc: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"}}
	if l.OnFailureQueue != "" {
		out = append(out, service.Default{Setting: "lambda.onFailureQueue", Value: l.OnFailureQueue,
			What: "a batch that keeps failing is split to find the bad record, retried 5 times, then recorded in this queue instead of blocking its shard until the records expire",
			Doc:  "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html"})
	}
	if l.BatchSize > 0 {
		out = append(out, service.Default{Value: "ReportBatchItemFailures", What: "the handler reports the records that failed, so only those are retried",
			Doc: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"})
	}
	return out
}
