package wizard

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/wizard/field"
)

// Resource is one AWS resource the project creates.
type Resource struct {
	Type string // "S3 bucket", "IAM role", ...
	Name string
	Why  string // for IAM roles: what the role lets its service do
}

// Review renders what will be generated: the route as a small vertical
// diagram, each service with the resources it gets, then the IAM roles. Its
// lines are at most width runes (reviewWidth: the terminal's width less
// the margin the forms keep, 74 on 80 columns) and it uses no colour.
func Review(c *catalog.Catalog, s *spec.Spec, dir string, width int) string {
	width = max(width, field.MinLabelWidth)
	var b strings.Builder
	// Run prints the first line after reviewLead.
	b.WriteString(wrapItems([]string{"project " + s.Name, displayDir(dir), s.Region}, width-len(reviewLead), "") + "\n\n")
	for i, id := range s.Services(c) {
		name := id
		if sv := c.Service(id); sv != nil {
			name = sv.Name
		}
		b.WriteString(columns("  ", name, 28, serviceDetail(s, id), width))
		if opts := serviceOptions(s, id); len(opts) > 0 {
			b.WriteString(wrapItems(opts, width, "     ") + "\n")
		}
		if i < len(s.Route) {
			in := c.Integration(s.Route[i])
			fmt.Fprintf(&b, "   ▼ %s\n", truncate(in.ID+" · "+in.Mechanism, width-5))
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
			b.WriteString(columns("  ", r.Name, 28, r.Why, width))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// reviewLead is what Run prints before the review.
const reviewLead = "Review of "

// columns renders left padded to leftWidth and right after it, or right on
// its own indented line when both do not fit on one line of width runes.
func columns(indent, left string, leftWidth int, right string, width int) string {
	if right == "" {
		return indent + truncate(left, width-len(indent)) + "\n"
	}
	line := fmt.Sprintf("%s%-*s %s", indent, leftWidth, left, right)
	if utf8.RuneCountInString(line) <= width {
		return line + "\n"
	}
	return indent + truncate(left, width-len(indent)) + "\n" + indent + "  " + truncate(right, width-len(indent)-2) + "\n"
}

// reviewWidth is the review's line width on a terminal of cols columns
// (0: unknown, 80 assumed), with the margin the forms keep for their border
// and cursor; in accessible mode nothing is cut, as a cut line is lost to a
// screen reader.
func reviewWidth(cols int, accessible bool) int {
	if accessible {
		return field.FullWidth
	}
	if cols <= 0 {
		return lineWidth
	}
	return max(field.MinLabelWidth, cols-field.ChromeColumns)
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

// wrapItems joins items with " · " into indented lines of at most width
// runes, breaking only between items, so no option is split in two.
func wrapItems(items []string, width int, indent string) string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = indent + truncate(it, width-utf8.RuneCountInString(indent))
		case utf8.RuneCountInString(line+" · "+it) > width:
			lines = append(lines, line)
			line = indent + truncate(it, width-utf8.RuneCountInString(indent))
		default:
			line += " · " + it
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// serviceOptions are the options chosen for a service on this route, each
// as "what value", the way wireup.yaml sets them.
func serviceOptions(s *spec.Spec, id string) []string {
	onOff := func(what string, on bool) string {
		if on {
			return what + " on"
		}
		return what + " off"
	}
	var o []string
	add := func(format string, args ...any) { o = append(o, fmt.Sprintf(format, args...)) }
	addIf := func(ok bool, format string, args ...any) {
		if ok {
			add(format, args...)
		}
	}
	switch id {
	case "kinesis":
		if x := s.Kinesis; x != nil {
			mode := "on demand"
			if x.Mode == "PROVISIONED" {
				mode = fmt.Sprintf("provisioned, %d shards", x.Shards)
			}
			add("capacity %s", mode)
			add("retention %d h", x.RetentionHours)
			o = append(o, onOff("encryption", x.Encryption))
		}
	case "firehose":
		if x := s.Firehose; x != nil {
			add("compression %s", x.Compression)
			add("buffer %d MiB or %d s", x.BufferSizeMiB, x.BufferIntervalSeconds)
			add("prefix %q", x.Prefix)
			addIf(x.ErrorPrefix != "", "error prefix %q", x.ErrorPrefix)
			if t := x.Transform; t != nil {
				add("transform %d MiB, %d s timeout, %d MiB buffer", t.MemoryMiB, t.TimeoutSeconds, t.BufferSizeMiB)
			} else {
				o = append(o, "transform off")
			}
		}
	case "s3":
		if x := s.S3; x != nil {
			o = append(o, onOff("versioning", x.Versioning))
			if x.KMSKey != "" {
				add("encryption KMS %s", x.KMSKey)
			} else {
				o = append(o, "encryption SSE-S3")
			}
			if len(x.Events) > 0 {
				add("events %s", strings.Join(x.Events, ","))
				add("filter prefix %q suffix %q", x.FilterPrefix, x.FilterSuffix)
			}
			addIf(x.ObjectPrefix != "", "producers write to %q", x.ObjectPrefix)
			o = append(o, onOff("destroy empties the bucket", x.ForceDestroy))
		}
	case "sqs":
		if x := s.SQS; x != nil {
			add("visibility timeout %d s", x.VisibilityTimeoutSeconds)
			add("retention %d s", x.RetentionSeconds)
			addIf(x.DeadLetterQueue != "", "dead letter after %d receives", x.MaxReceiveCount)
			o = append(o, onOff("encryption", x.Encryption))
		}
	case "sns":
		if x := s.SNS; x != nil {
			o = append(o, onOff("encryption", x.Encryption))
		}
	case "dynamodb":
		if x := s.DynamoDB; x != nil {
			add("partition key %s", x.PartitionKey)
			addIf(x.SortKey != "", "sort key %s", x.SortKey)
			add("billing %s", x.BillingMode)
			addIf(x.StreamViewType != "", "stream %s", x.StreamViewType)
			o = append(o, onOff("point-in-time recovery", x.PointInTimeRecovery))
		}
	case "lambda":
		if x := s.Lambda; x != nil {
			add("memory %d MiB", x.MemoryMiB)
			add("timeout %d s", x.TimeoutSeconds)
			addIf(x.BatchSize != 0, "batch size %d", x.BatchSize)
			addIf(x.BatchWindowSecs != 0, "batch window %d s", x.BatchWindowSecs)
			addIf(x.StartingPosition != "", "starting position %s", x.StartingPosition)
			addIf(x.OnFailureQueue != "", "on failure %s", x.OnFailureQueue)
		}
	}
	return o
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
