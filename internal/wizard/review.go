package wizard

import (
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

// Resource is one AWS resource the project creates.
type Resource struct {
	Type string // "S3 bucket", "IAM role", ...
	Name string
	Why  string // for IAM roles: what the role lets its service do
}

// Review renders what will be generated: the route as a small vertical
// diagram with each service's resource, then the resources and the IAM roles
// that will be created. It fits 80 columns and uses no colour.
func Review(c *catalog.Catalog, s *spec.Spec, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Project %s in %s, region %s\n\n", s.Name, displayDir(dir), s.Region)
	svcs := s.Services(c)
	for i, id := range svcs {
		name := id
		if sv := c.Service(id); sv != nil {
			name = sv.Name
		}
		fmt.Fprintf(&b, "  %-28s %s\n", truncate(name, 28), truncate(serviceDetail(s, id), 46))
		if i < len(s.Route) {
			in := c.Integration(s.Route[i])
			fmt.Fprintf(&b, "      │ %s\n      ▼\n", truncate(in.Mechanism+" ("+in.ID+")", 66))
		}
	}
	var res, roles []Resource
	for _, r := range Resources(s) {
		if r.Type == "IAM role" {
			roles = append(roles, r)
		} else {
			res = append(res, r)
		}
	}
	b.WriteString("\nResources:\n")
	for _, r := range res {
		fmt.Fprintf(&b, "  %-26s %s\n", r.Type, r.Name)
	}
	if len(roles) > 0 {
		b.WriteString("\nIAM roles (least privilege):\n")
		for _, r := range roles {
			fmt.Fprintf(&b, "  %-26s %s\n", r.Name, truncate(r.Why, 48))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// serviceDetail names the resource a service gets on this route.
func serviceDetail(s *spec.Spec, id string) string {
	switch id {
	case "iot":
		if s.IoT != nil {
			return "topic " + s.IoT.Topic
		}
	case "kinesis":
		if s.Kinesis != nil {
			return "stream " + s.Kinesis.Stream
		}
	case "firehose":
		if s.Firehose != nil {
			return "delivery stream " + s.Firehose.DeliveryStream
		}
	case "s3":
		if s.S3 != nil {
			return "bucket " + s.S3.Bucket
		}
	case "sqs":
		if s.SQS != nil {
			return "queue " + s.SQS.Queue
		}
	case "sns":
		if s.SNS != nil {
			return "topic " + s.SNS.Topic
		}
	case "dynamodb":
		if s.DynamoDB != nil {
			return "table " + s.DynamoDB.Table
		}
	case "lambda":
		if s.Lambda != nil {
			return "function " + s.Lambda.Function
		}
	case "app":
		return "generated Go program"
	}
	return ""
}

// Resources lists the AWS resources and IAM roles the spec describes, in
// route order.
func Resources(s *spec.Spec) []Resource {
	var out []Resource
	add := func(typ, name, why string) { out = append(out, Resource{Type: typ, Name: name, Why: why}) }
	if x := s.IoT; x != nil {
		add("IoT topic rule", x.Rule, "")
		add("IAM role", x.Role, "lets the IoT rule deliver to "+iotTarget(s))
	}
	if x := s.Kinesis; x != nil {
		add("Kinesis data stream", x.Stream, "")
	}
	if x := s.Firehose; x != nil {
		add("Firehose delivery stream", x.DeliveryStream, "")
		add("IAM role", x.Role, "lets Firehose read its source and write the bucket")
		if t := x.Transform; t != nil {
			add("Lambda function", t.Function, "")
			add("IAM role", t.Role, "lets the transform function write its logs")
		}
	}
	if x := s.S3; x != nil {
		add("S3 bucket", x.Bucket, "")
		if len(x.Events) > 0 {
			add("S3 event notification", x.Bucket+" "+strings.Join(x.Events, ","), "")
		}
	}
	if x := s.SQS; x != nil {
		add("SQS queue", x.Queue, "")
		if x.DeadLetterQueue != "" {
			add("SQS dead-letter queue", x.DeadLetterQueue, "")
		}
	}
	if x := s.SNS; x != nil {
		add("SNS topic", x.Topic, "")
	}
	if x := s.DynamoDB; x != nil {
		add("DynamoDB table", x.Table, "")
	}
	if x := s.Lambda; x != nil {
		add("Lambda function", x.Function, "")
		add("IAM role", x.Role, "lets the function read its source and write logs")
	}
	return out
}

// iotTarget names what the IoT rule's action writes to.
func iotTarget(s *spec.Spec) string {
	for _, h := range s.Route {
		if to, ok := strings.CutPrefix(h, "iot-to-"); ok {
			return to
		}
	}
	return "its target"
}
