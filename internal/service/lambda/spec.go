package lambda

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

var functionNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// eventSourceMapped lists the Lambda sources that Lambda polls through an
// event source mapping (batch size, starting position, batching window);
// the others (IoT, S3, SNS) invoke the function directly.
var eventSourceMapped = map[string]bool{"kinesis": true, "dynamodb": true, "sqs": true}

// SpecRule checks the spec's lambda section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	l := v.Spec.Lambda
	if l == nil {
		return
	}
	v.Name("lambda.function", l.Function, FunctionName)
	v.Name("lambda.role", l.Role, spec.RoleName)
	v.Between("lambda.memoryMiB", l.MemoryMiB, 128, 10240, "AWS Lambda memory limits")
	v.Between("lambda.timeoutSeconds", l.TimeoutSeconds, 1, 900, "AWS Lambda timeout limits")

	src := v.Feeder("lambda")
	if src == "" {
		// Lambda is not on the route (or the route is broken): already
		// reported, and there is no source to check the mapping against.
		return
	}
	if !eventSourceMapped[src] {
		// IoT, S3 and SNS invoke the function directly.
		for _, f := range []struct {
			field string
			set   bool
			value string
		}{
			{"lambda.batchSize", l.BatchSize != 0, strconv.Itoa(l.BatchSize)},
			{"lambda.startingPosition", l.StartingPosition != "", l.StartingPosition},
			{"lambda.batchWindowSeconds", l.BatchWindowSecs != 0, strconv.Itoa(l.BatchWindowSecs)},
			{"lambda.onFailureQueue", l.OnFailureQueue != "", l.OnFailureQueue},
		} {
			if f.set {
				v.Add(f.field, f.value, fmt.Sprintf("must be empty: %s invokes the function directly, without an event source mapping", src))
			}
		}
		return
	}
	v.Between("lambda.batchSize", l.BatchSize, 1, 10000, fmt.Sprintf("Lambda event source mapping batch size for %s", src))
	v.Between("lambda.batchWindowSeconds", l.BatchWindowSecs, 0, 300, "Lambda maximum batching window")
	switch src {
	case "kinesis", "dynamodb":
		if l.StartingPosition == "" {
			v.Add("lambda.startingPosition", "", fmt.Sprintf("is required for a %s source; use TRIM_HORIZON (oldest record) or LATEST", src))
		} else {
			v.OneOf("lambda.startingPosition", l.StartingPosition, "TRIM_HORIZON", "LATEST")
		}
		if l.OnFailureQueue != "" {
			v.Name("lambda.onFailureQueue", l.OnFailureQueue, onFailureDestination)
		}
	case "sqs":
		if l.StartingPosition != "" {
			v.Add("lambda.startingPosition", l.StartingPosition, "must be empty for an SQS source; SQS has no stream position")
		}
		if l.BatchSize > 10 && l.BatchWindowSecs < 1 {
			v.Add("lambda.batchWindowSeconds", strconv.Itoa(l.BatchWindowSecs), "must be at least 1 when lambda.batchSize is over 10 for an SQS source (AWS Lambda rule)")
		}
		if l.OnFailureQueue != "" {
			v.Add("lambda.onFailureQueue", l.OnFailureQueue, "must be empty for an SQS source; failed messages go to sqs.deadLetterQueue")
		}
		if q := v.Spec.SQS; q != nil && l.TimeoutSeconds > q.VisibilityTimeoutSeconds {
			v.Add("sqs.visibilityTimeoutSeconds", strconv.Itoa(q.VisibilityTimeoutSeconds),
				fmt.Sprintf("must be at least lambda.timeoutSeconds (%d): AWS refuses an SQS trigger whose queue hides messages for less time than the function may run", l.TimeoutSeconds))
		}
	}
}

// onFailureDestination checks a Kinesis or DynamoDB event source mapping's
// on-failure destination: an SQS queue name, or an SQS queue or SNS topic
// ARN.
func onFailureDestination(d string) error {
	if strings.HasPrefix(d, "arn:") {
		parts := strings.Split(d, ":")
		if len(parts) == 6 && (parts[2] == "sqs" || parts[2] == "sns") && parts[3] != "" && parts[4] != "" && parts[5] != "" {
			return nil
		}
		return errors.New("must be an SQS queue name, or an SQS queue or SNS topic ARN")
	}
	return sqs.QueueName(d)
}

// FunctionName checks a Lambda function name: 1-64 characters of letters,
// digits, hyphens and underscores.
func FunctionName(name string) error {
	if len(name) < 1 || len(name) > 64 || !functionNameRe.MatchString(name) {
		return errors.New("must be 1-64 characters of letters, digits, hyphens and underscores (AWS Lambda function name rules)")
	}
	return nil
}

// SpecDefault fills the lambda section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["lambda"] {
		s.Lambda = &spec.Lambda{Function: n + "-handler", Role: n + "-lambda", MemoryMiB: 256, TimeoutSeconds: 30}
		// An event source mapping polls a stream from its start, in
		// batches of 100, or a queue in batches of 10.
		switch s.Feeder(c, "lambda") {
		case "kinesis", "dynamodb":
			s.Lambda.BatchSize, s.Lambda.StartingPosition = 100, "TRIM_HORIZON"
			// A batch that keeps failing is retried a few times and then
			// recorded in a queue of its own, instead of blocking its
			// shard until the records expire: AWS's on-failure
			// destination for stream sources
			// (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
			s.Lambda.OnFailureQueue = n + "-failures"
		case "sqs":
			s.Lambda.BatchSize = 10
			// AWS: "set the source queue's visibility timeout to at
			// least six times the timeout that you configure on your
			// function", so a retried batch is not received again
			// while the function may still be processing it
			// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
			if s.SQS != nil {
				s.SQS.VisibilityTimeoutSeconds = 6 * s.Lambda.TimeoutSeconds
			}
		}
	}
}
