package firehose

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the delivery stream, its role and its optional Lambda
// transform, and wires its Kinesis source and its S3 destination.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "firehose" }

// WriteTarget implements plan.Writable: a producer or an IoT rule puts
// records on the delivery stream.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindFirehose, Name: s.Firehose.DeliveryStream}
}

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	f := b.Spec().Firehose
	if f == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDRoleFirehose, Kind: plan.KindRole, Name: f.Role})
	ds := b.Add(&plan.Resource{ID: plan.IDDeliveryStream, Kind: plan.KindDeliveryStream, Name: f.DeliveryStream, Settings: map[string]string{
		"bufferSizeMiB": plan.ItoA(f.BufferSizeMiB), "bufferIntervalSeconds": plan.ItoA(f.BufferIntervalSeconds),
		"prefix": f.Prefix, "errorPrefix": f.ErrorPrefix, "compression": f.Compression,
		"source": "DirectPut",
	}})
	b.Ref(ds, "roleArn", plan.IDRoleFirehose, "arn")
	// Delivery errors go to a log group of the stream's own, with the log
	// stream the delivery role may write to: Firehose creates neither
	// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3,
	// https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-logs.html).
	b.Add(&plan.Resource{ID: plan.IDFirehoseLogGroup, Kind: plan.KindLogGroup, Name: LogGroup(f.DeliveryStream), Settings: map[string]string{
		"retentionDays": plan.ItoA(f.ErrorLogRetentionDays), "logStreams": LogStream,
	}})
	b.Ref(ds, "errorLogGroup", plan.IDFirehoseLogGroup, "name")
	ds.Settings["errorLogStream"] = LogStream
	if b.Spec().Has("cloudwatch-logs-to-firehose") {
		// A subscription filter puts the gzipped CloudWatch Logs envelope:
		// Firehose unpacks it and delivers one log message per line.
		ds.Settings["cloudWatchLogs"] = "true"
	}
	if t := f.Transform; t != nil {
		b.Add(&plan.Resource{ID: plan.IDRoleTransform, Kind: plan.KindRole, Name: t.Role})
		fn := b.Add(&plan.Resource{ID: plan.IDTransform, Kind: plan.KindFunction, Name: t.Function, Integration: TransformHop, Settings: map[string]string{
			"memoryMiB": plan.ItoA(t.MemoryMiB), "timeoutSeconds": plan.ItoA(t.TimeoutSeconds), "package": "./cmd/transform",
		}})
		b.Ref(fn, "role", plan.IDRoleTransform, "arn")
		b.Ref(ds, "transformArn", plan.IDTransform, "arn")
		ds.Settings["transformBufferSizeMiB"] = plan.ItoA(t.BufferSizeMiB)
	}
	return nil
}

// Without its RoleOwner method the planner's roles would deploy with no
// policies; the build fails instead.
var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the transform function's execution role
// (internal/service/lambda) and the delivery role, once the bucket is known.
func (Planner) Roles(b *plan.Builder) error {
	s, env := b.Spec(), b.IAMEnv()
	if s.Firehose != nil && s.Has(RedshiftHop) {
		if t := s.Firehose.Transform; t != nil {
			if err := b.SetRole(plan.IDRoleTransform)(lambda.ExecutionRole(env, lambda.TransformRoleInput(t))); err != nil {
				return err
			}
		}
		return b.SetRole(plan.IDRoleFirehose)(DeliveryRole(env, redshiftRoleInput(s)))
	}
	if s.Firehose != nil && s.S3 == nil && s.Has(OpenSearchHop) {
		return b.SetRole(plan.IDRoleFirehose)(DeliveryRole(env, openSearchRoleInput(s)))
	}
	if s.Firehose == nil || s.S3 == nil {
		return nil
	}
	if t := s.Firehose.Transform; t != nil {
		if err := b.SetRole(plan.IDRoleTransform)(lambda.ExecutionRole(env, lambda.TransformRoleInput(t))); err != nil {
			return err
		}
	}
	return b.SetRole(plan.IDRoleFirehose)(DeliveryRole(env, RoleInput(s)))
}

// Wire implements plan.Wirer: a Kinesis stream as the delivery stream's
// source, and S3 as its destination. Both are settings of the delivery
// stream itself.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	ds := b.Resource(plan.IDDeliveryStream)
	switch {
	case ds == nil:
		return false, nil
	case in.From == "kinesis" && in.To == "firehose":
		ds.Settings["source"] = "KinesisStreamAsSource"
		b.Ref(ds, "streamArn", plan.IDStream, "arn")
		ds.Integration = in.ID
		return true, nil
	case in.From == "firehose" && in.To == HTTPEndpointService:
		return wireHTTPEndpoint(b, ds, in), nil
	case in.From == "firehose" && in.To == SplunkService:
		return wireSplunk(b, ds, in), nil
	case in.From == "firehose" && in.To == "s3":
		b.Ref(ds, "bucketArn", plan.IDBucket, "arn")
		return true, nil
	case in.ID == RedshiftHop:
		wireRedshift(b, ds, in.ID)
		return true, nil
	case in.ID == OpenSearchHop:
		wireOpenSearch(b, ds)
		return true, nil
	}
	return false, nil
}
