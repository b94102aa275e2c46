package wizard

import (
	"fmt"
	"strings"
	"unicode/utf8"

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
// diagram, each service with the resources it gets, then the IAM roles. It
// fits 80 columns (lines of at most 74 runes) and uses no colour.
func Review(c *catalog.Catalog, s *spec.Spec, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "project %s · %s · %s\n\n", s.Name, displayDir(dir), s.Region)
	for i, id := range s.Services(c) {
		name := id
		if sv := c.Service(id); sv != nil {
			name = sv.Name
		}
		b.WriteString(columns("  ", name, 28, serviceDetail(s, id)))
		if i < len(s.Route) {
			in := c.Integration(s.Route[i])
			fmt.Fprintf(&b, "   ▼ %s\n", truncate(in.ID+" · "+in.Mechanism, lineWidth-5))
		}
	}
	var roles []Resource
	for _, r := range Resources(s) {
		if r.Type == "IAM role" {
			roles = append(roles, r)
		}
	}
	if len(roles) > 0 {
		b.WriteString("\nIAM roles, least privilege:\n")
		for _, r := range roles {
			b.WriteString(columns("  ", r.Name, 28, r.Why))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// columns renders left padded to width and right after it, or right on its
// own indented line when both do not fit on one.
func columns(indent, left string, width int, right string) string {
	if right == "" {
		return indent + left + "\n"
	}
	line := fmt.Sprintf("%s%-*s %s", indent, width, left, right)
	if utf8.RuneCountInString(line) <= lineWidth {
		return line + "\n"
	}
	return indent + truncate(left, lineWidth-len(indent)) + "\n" + indent + "  " + truncate(right, lineWidth-len(indent)-2) + "\n"
}

// serviceDetail names the resources a service gets on this route.
func serviceDetail(s *spec.Spec, id string) string {
	switch id {
	case "iot":
		if x := s.IoT; x != nil {
			return "topic rule " + x.Rule + " on " + x.Topic
		}
	case "kinesis":
		if x := s.Kinesis; x != nil {
			return "data stream " + x.Stream
		}
	case "firehose":
		if x := s.Firehose; x != nil {
			d := "delivery stream " + x.DeliveryStream
			if x.Transform != nil {
				d += " + transform " + x.Transform.Function
			}
			return d
		}
	case "s3":
		if x := s.S3; x != nil {
			d := "bucket " + x.Bucket
			if len(x.Events) > 0 {
				d += " + event notification"
			}
			return d
		}
	case "sqs":
		if x := s.SQS; x != nil {
			d := "queue " + x.Queue
			if x.DeadLetterQueue != "" {
				d += " + dead-letter queue " + x.DeadLetterQueue
			}
			return d
		}
	case "sns":
		if x := s.SNS; x != nil {
			return "topic " + x.Topic
		}
	case "dynamodb":
		if x := s.DynamoDB; x != nil {
			d := "table " + x.Table
			if x.StreamViewType != "" {
				d += " + stream"
			}
			return d
		}
	case "lambda":
		if x := s.Lambda; x != nil {
			return "function " + x.Function
		}
	case "app":
		return "generated Go program (no AWS resource)"
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
		add("IAM role", x.Role, "IoT rule action → "+iotTarget(s))
	}
	if x := s.Kinesis; x != nil {
		add("Kinesis data stream", x.Stream, "")
	}
	if x := s.Firehose; x != nil {
		add("Firehose delivery stream", x.DeliveryStream, "")
		add("IAM role", x.Role, "Firehose: read its source, write the bucket")
		if t := x.Transform; t != nil {
			add("Lambda function", t.Function, "")
			add("IAM role", t.Role, "transform function: write its logs")
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
		add("IAM role", x.Role, "function: read its source, write logs")
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
