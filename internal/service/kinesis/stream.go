package kinesis

import (
	"context"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// StreamAPI is the part of the Kinesis client the stream kind uses.
// DescribeStream serves the SDK's stream waiters.
type StreamAPI interface {
	CreateStream(ctx context.Context, in *kinesis.CreateStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.CreateStreamOutput, error)
	DescribeStream(ctx context.Context, in *kinesis.DescribeStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamOutput, error)
	DescribeStreamSummary(ctx context.Context, in *kinesis.DescribeStreamSummaryInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamSummaryOutput, error)
	StartStreamEncryption(ctx context.Context, in *kinesis.StartStreamEncryptionInput, optFns ...func(*kinesis.Options)) (*kinesis.StartStreamEncryptionOutput, error)
	IncreaseStreamRetentionPeriod(ctx context.Context, in *kinesis.IncreaseStreamRetentionPeriodInput, optFns ...func(*kinesis.Options)) (*kinesis.IncreaseStreamRetentionPeriodOutput, error)
	AddTagsToStream(ctx context.Context, in *kinesis.AddTagsToStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.AddTagsToStreamOutput, error)
	DeleteStream(ctx context.Context, in *kinesis.DeleteStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.DeleteStreamOutput, error)
	ListStreams(ctx context.Context, in *kinesis.ListStreamsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error)
	ListTagsForStream(ctx context.Context, in *kinesis.ListTagsForStreamInput, optFns ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error)
}

// Stream is the kinesis.stream kind: an on-demand or provisioned stream,
// with the plan's retention and KMS encryption.
type Stream struct{ c StreamAPI }

// NewStream returns the stream kind on c.
func NewStream(c StreamAPI) *Stream { return &Stream{c: c} }

var (
	_ service.Lister = (*Stream)(nil)
	_ service.Typed  = (*Stream)(nil)
)

// StreamSettings are the stream's planned settings.
type StreamSettings struct {
	Mode           string `setting:"mode"`
	Shards         int32  `setting:"shards"`
	RetentionHours int32  `setting:"retentionHours"`
	Encryption     bool   `setting:"encryption"`
}

// NewSettings implements service.Typed.
func (*Stream) NewSettings() any { return &StreamSettings{} }

// Kind implements service.Provider.
func (*Stream) Kind() plan.Kind { return plan.KindStream }

// Always implements service.Lister: streams are listed only when the plan
// has one.
func (*Stream) Always() bool { return false }

// Ensure implements service.Provider.
func (s *Stream) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	c, p, r := s.c, req.Plan, req.Resource
	var set StreamSettings
	if err := service.Decode(req.Inputs, &set); err != nil {
		return nil, fmt.Errorf("stream %s: %w", r.Name, err)
	}
	input := &kinesis.CreateStreamInput{StreamName: aws.String(r.Name), Tags: service.TagMap(p)}
	if set.Mode == "PROVISIONED" {
		input.StreamModeDetails = &kintypes.StreamModeDetails{StreamMode: kintypes.StreamModeProvisioned}
		input.ShardCount = aws.Int32(max(set.Shards, 1))
	} else {
		input.StreamModeDetails = &kintypes.StreamModeDetails{StreamMode: kintypes.StreamModeOnDemand}
	}
	// CreateStream tags the stream on AWS; moto drops those tags and kumo
	// ignores them, so the stream is tagged again once it is active.
	_, err := c.CreateStream(ctx, input)
	adopted := service.ErrorCode(err) == "ResourceInUseException"
	if err != nil && !adopted {
		return nil, fmt.Errorf("create stream: %w", err)
	}
	if !adopted {
		req.Created(map[string]string{"name": r.Name})
	}
	wait := func() error {
		return kinesis.NewStreamExistsWaiter(c).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(r.Name)}, req.Wait())
	}
	if err := wait(); err != nil {
		return nil, fmt.Errorf("wait for stream: %w", err)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(r.Name)})
	if err != nil {
		return nil, fmt.Errorf("describe stream: %w", err)
	}
	d := sum.StreamDescriptionSummary
	// Tagging needs an active stream. Without the tags destroy finds the
	// stream only by the project's name rule (see List), so a target
	// without tagging calls (kumo) is no reason to fail the deploy.
	if _, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(r.Name), Tags: service.TagMap(p)}); err != nil && !unsupported(err) {
		return nil, fmt.Errorf("tag stream: %w", err)
	}
	if h := set.RetentionHours; h > 24 && aws.ToInt32(d.RetentionPeriodHours) < h {
		if _, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String(r.Name), RetentionPeriodHours: aws.Int32(h)}); err != nil {
			return nil, fmt.Errorf("set stream retention: %w", err)
		}
		if err := wait(); err != nil {
			return nil, fmt.Errorf("wait for stream: %w", err)
		}
	}
	if set.Encryption && d.EncryptionType != kintypes.EncryptionTypeKms {
		if _, err := c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String(r.Name),
			EncryptionType: kintypes.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")}); err != nil {
			return nil, fmt.Errorf("encrypt stream: %w", err)
		}
		if err := wait(); err != nil {
			return nil, fmt.Errorf("wait for stream: %w", err)
		}
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(d.StreamARN)}, nil
}

// Exists implements service.Provider.
func (s *Stream) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := s.c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: nothing of a stream is compared.
func (*Stream) Drift(context.Context, service.Env, *plan.Resource, *service.Record) (string, error) {
	return "", nil
}

// Delete implements service.Provider: the stream goes with its consumers.
func (s *Stream) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	name := aws.String(rec.Name)
	if _, err := s.c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: name, EnforceConsumerDeletion: aws.Bool(true)}); err != nil {
		return err
	}
	return kinesis.NewStreamNotExistsWaiter(s.c).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: name}, env.Wait())
}

// List implements service.Lister: every stream of the account.
func (s *Stream) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	pg := kinesis.NewListStreamsPaginator(s.c, &kinesis.ListStreamsInput{})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *kinesis.ListStreamsOutput) (out []service.Listed) {
		for _, n := range page.StreamNames {
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
				return s.owner(ctx, p, n)
			}})
		}
		return out
	})
}

// owner returns a stream's tags or, where they cannot be read (kumo has no
// tagging calls; a tag read that keeps failing), the project's tag for the
// plan's stream: the project's name rule gives a stream its name, and
// nothing else on a stream says whose it is. Only the exact name counts,
// not the "<project>-" prefix Discover lists by: that prefix also matches
// the streams of a project named "<project>-2". The fallback is taken only
// when the tags are unreadable, never when they name another project.
func (s *Stream) owner(ctx context.Context, p *plan.Plan, name string) (map[string]string, error) {
	tags, err := s.tags(ctx, name)
	if err == nil || service.IsNotFound(err) || ctx.Err() != nil || !planned(p, name) {
		return tags, err
	}
	return map[string]string{plan.TagProject: p.Project}, nil
}

// planned reports whether name is the plan's stream.
func planned(p *plan.Plan, name string) bool {
	for _, r := range p.Resources {
		if r.Kind == plan.KindStream && r.Name == name {
			return true
		}
	}
	return false
}

// unsupported recognises a target that does not know the call: kumo
// answers the Kinesis tagging calls with InvalidAction.
func unsupported(err error) bool {
	switch service.ErrorCode(err) {
	case "InvalidAction", "UnknownOperationException":
		return true
	}
	return false
}

// tags reads every page of a stream's tags: Kinesis returns a few at a
// time, and the project tag may come after the spec's own.
func (s *Stream) tags(ctx context.Context, name string) (map[string]string, error) {
	m := map[string]string{}
	in := &kinesis.ListTagsForStreamInput{StreamName: aws.String(name)}
	for {
		t, err := s.c.ListTagsForStream(ctx, in)
		if err != nil {
			return nil, err
		}
		maps.Copy(m, service.TagsOf(t.Tags, kinTag))
		if !aws.ToBool(t.HasMoreTags) || len(t.Tags) == 0 {
			return m, nil
		}
		in.ExclusiveStartTagKey = t.Tags[len(t.Tags)-1].Key
	}
}

func kinTag(t kintypes.Tag) (*string, *string) { return t.Key, t.Value }
