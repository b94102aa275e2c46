package kinesis

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// pagedKinesis serves ListStreams in two pages, an unrelated stream on the
// first and the project's on the second, and a stream's tags in two pages
// by the last key, the project tag on the second, as Kinesis does. A token
// or key it never handed out fails the request. The embedded interface
// panics on any other call.
type pagedKinesis struct{ StreamAPI }

func (pagedKinesis) ListStreams(_ context.Context, in *kinesis.ListStreamsInput, _ ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error) {
	switch aws.ToString(in.NextToken) {
	case "":
		return &kinesis.ListStreamsOutput{StreamNames: []string{"other-stream"}, HasMoreStreams: aws.Bool(true), NextToken: aws.String("page-2")}, nil
	case "page-2":
		return &kinesis.ListStreamsOutput{StreamNames: []string{"demo-stream"}, HasMoreStreams: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected page token %q", aws.ToString(in.NextToken))
}

func (pagedKinesis) ListTagsForStream(_ context.Context, in *kinesis.ListTagsForStreamInput, _ ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error) {
	switch aws.ToString(in.ExclusiveStartTagKey) {
	case "":
		return &kinesis.ListTagsForStreamOutput{Tags: []kintypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}, HasMoreTags: aws.Bool(true)}, nil
	case "team":
		return &kinesis.ListTagsForStreamOutput{Tags: []kintypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}, HasMoreTags: aws.Bool(false)}, nil
	}
	return nil, fmt.Errorf("unexpected ExclusiveStartTagKey %q", aws.ToString(in.ExclusiveStartTagKey))
}

func TestStreamListFollowsPages(t *testing.T) {
	got, err := NewStream(pagedKinesis{}).List(context.Background(), &plan.Plan{Project: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name)
	}
	if d := cmp.Diff([]string{"other-stream", "demo-stream"}, names); d != "" {
		t.Errorf("listed streams (-want +got):\n%s", d)
	}
	tags, err := got[1].Tags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"team": "data", plan.TagProject: "demo"}, tags); d != "" {
		t.Errorf("stream tags (-want +got):\n%s", d)
	}
}

// recordingKinesis records the calls of one stream's Ensure or Delete. The
// stream already exists (CreateStream says it is in use) with 24 hours of
// retention and no encryption; once deleted, DescribeStream says it is
// gone.
type recordingKinesis struct {
	StreamAPI
	calls   []string
	deleted bool
}

func (f *recordingKinesis) CreateStream(_ context.Context, in *kinesis.CreateStreamInput, _ ...func(*kinesis.Options)) (*kinesis.CreateStreamOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("CreateStream %s %s", aws.ToString(in.StreamName), in.StreamModeDetails.StreamMode))
	return nil, &kintypes.ResourceInUseException{Message: aws.String("stream exists")}
}

func (f *recordingKinesis) DescribeStream(_ context.Context, in *kinesis.DescribeStreamInput, _ ...func(*kinesis.Options)) (*kinesis.DescribeStreamOutput, error) {
	f.calls = append(f.calls, "DescribeStream "+aws.ToString(in.StreamName))
	if f.deleted {
		return nil, &kintypes.ResourceNotFoundException{Message: aws.String("gone")}
	}
	return &kinesis.DescribeStreamOutput{StreamDescription: &kintypes.StreamDescription{StreamStatus: kintypes.StreamStatusActive}}, nil
}

func (f *recordingKinesis) DescribeStreamSummary(_ context.Context, in *kinesis.DescribeStreamSummaryInput, _ ...func(*kinesis.Options)) (*kinesis.DescribeStreamSummaryOutput, error) {
	f.calls = append(f.calls, "DescribeStreamSummary "+aws.ToString(in.StreamName))
	return &kinesis.DescribeStreamSummaryOutput{StreamDescriptionSummary: &kintypes.StreamDescriptionSummary{
		StreamARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/demo-stream"), RetentionPeriodHours: aws.Int32(24), EncryptionType: kintypes.EncryptionTypeNone}}, nil
}

func (f *recordingKinesis) AddTagsToStream(_ context.Context, in *kinesis.AddTagsToStreamInput, _ ...func(*kinesis.Options)) (*kinesis.AddTagsToStreamOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("AddTagsToStream %s %v", aws.ToString(in.StreamName), in.Tags))
	return &kinesis.AddTagsToStreamOutput{}, nil
}

func (f *recordingKinesis) IncreaseStreamRetentionPeriod(_ context.Context, in *kinesis.IncreaseStreamRetentionPeriodInput, _ ...func(*kinesis.Options)) (*kinesis.IncreaseStreamRetentionPeriodOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("IncreaseStreamRetentionPeriod %s %d", aws.ToString(in.StreamName), aws.ToInt32(in.RetentionPeriodHours)))
	return &kinesis.IncreaseStreamRetentionPeriodOutput{}, nil
}

func (f *recordingKinesis) StartStreamEncryption(_ context.Context, in *kinesis.StartStreamEncryptionInput, _ ...func(*kinesis.Options)) (*kinesis.StartStreamEncryptionOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("StartStreamEncryption %s %s %s", aws.ToString(in.StreamName), in.EncryptionType, aws.ToString(in.KeyId)))
	return &kinesis.StartStreamEncryptionOutput{}, nil
}

func (f *recordingKinesis) DeleteStream(_ context.Context, in *kinesis.DeleteStreamInput, _ ...func(*kinesis.Options)) (*kinesis.DeleteStreamOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("DeleteStream %s enforce=%t", aws.ToString(in.StreamName), aws.ToBool(in.EnforceConsumerDeletion)))
	f.deleted = true
	return &kinesis.DeleteStreamOutput{}, nil
}

// An adopted stream is not reported created, is tagged, and gets the
// plan's retention and encryption, waiting for the stream after each.
func TestStreamEnsureAdopts(t *testing.T) {
	f := &recordingKinesis{}
	var created []map[string]string
	req := &service.Request{
		Env:      service.Env{MaxWait: time.Minute},
		Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
		Resource: &plan.Resource{ID: plan.IDStream, Kind: plan.KindStream, Name: "demo-stream"},
		Inputs:   map[string]string{"mode": "ON_DEMAND", "retentionHours": "48", "encryption": "true"},
		Created:  func(m map[string]string) { created = append(created, m) },
	}
	out, err := NewStream(f).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CreateStream demo-stream ON_DEMAND",
		"DescribeStream demo-stream",
		"DescribeStreamSummary demo-stream",
		"AddTagsToStream demo-stream map[wireup:project:demo]",
		"IncreaseStreamRetentionPeriod demo-stream 48",
		"DescribeStream demo-stream",
		"StartStreamEncryption demo-stream KMS alias/aws/kinesis",
		"DescribeStream demo-stream",
	}
	if d := cmp.Diff(want, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	if len(created) != 0 {
		t.Errorf("adopted stream reported created: %v", created)
	}
	if d := cmp.Diff(map[string]string{"name": "demo-stream", "arn": "arn:aws:kinesis:us-east-1:000000000000:stream/demo-stream"}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
}

// A shard count that does not parse stops Ensure before any call, naming
// the setting, instead of creating a one-shard stream (issue #8).
func TestStreamEnsureRefusesUnparsableSetting(t *testing.T) {
	f := &recordingKinesis{}
	req := &service.Request{
		Env:      service.Env{MaxWait: time.Minute},
		Plan:     &plan.Plan{Project: "demo"},
		Resource: &plan.Resource{ID: plan.IDStream, Kind: plan.KindStream, Name: "demo-stream"},
		Inputs:   map[string]string{"mode": "PROVISIONED", "shards": "two"},
		Created:  func(map[string]string) {},
	}
	_, err := NewStream(f).Ensure(context.Background(), req)
	if err == nil || err.Error() != `stream demo-stream: setting shards = "two" is not a whole number in range` {
		t.Errorf("Ensure = %v", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("calls = %v, want none", f.calls)
	}
}

// Delete deletes the stream with its consumers and waits until it is gone.
func TestStreamDeleteWaits(t *testing.T) {
	f := &recordingKinesis{}
	err := NewStream(f).Delete(context.Background(), service.Env{MaxWait: time.Minute}, &service.Record{Kind: string(plan.KindStream), Name: "demo-stream"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"DeleteStream demo-stream enforce=true", "DescribeStream demo-stream"}, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

// freshKinesis creates the stream instead of finding it, and answers
// AddTagsToStream with tagErr when set (kumo has no tagging calls).
type freshKinesis struct {
	*recordingKinesis
	tagErr  error
	created func() int // how many times the resource was reported created so far
	seen    int        // created() when the stream was tagged
}

func (f *freshKinesis) CreateStream(_ context.Context, in *kinesis.CreateStreamInput, _ ...func(*kinesis.Options)) (*kinesis.CreateStreamOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("CreateStream %s tags=%v", aws.ToString(in.StreamName), in.Tags))
	return &kinesis.CreateStreamOutput{}, nil
}

func (f *freshKinesis) AddTagsToStream(ctx context.Context, in *kinesis.AddTagsToStreamInput, o ...func(*kinesis.Options)) (*kinesis.AddTagsToStreamOutput, error) {
	f.seen = f.created()
	if _, err := f.recordingKinesis.AddTagsToStream(ctx, in, o...); err != nil || f.tagErr != nil {
		return nil, f.tagErr
	}
	return &kinesis.AddTagsToStreamOutput{}, nil
}

// A new stream is recorded as soon as CreateStream returns, and tagged
// again once active, because moto drops the tags CreateStream carries.
// A target without tagging calls does not fail the deploy; any other
// tagging error does.
func TestStreamEnsureTagsNewStream(t *testing.T) {
	tags := map[string]string{plan.TagProject: "demo"}
	for _, tc := range []struct {
		name    string
		tagErr  error
		wantErr bool
	}{
		{name: "aws"},
		{name: "kumo", tagErr: &smithy.GenericAPIError{Code: "InvalidAction", Message: "The action AddTagsToStream is not valid for this endpoint."}},
		{name: "denied", tagErr: &smithy.GenericAPIError{Code: "AccessDeniedException"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var created []map[string]string
			f := &freshKinesis{recordingKinesis: &recordingKinesis{}, tagErr: tc.tagErr, created: func() int { return len(created) }}
			req := &service.Request{
				Env:      service.Env{MaxWait: time.Minute},
				Plan:     &plan.Plan{Project: "demo", Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}}},
				Resource: &plan.Resource{ID: plan.IDStream, Kind: plan.KindStream, Name: "demo-stream"},
				Inputs:   map[string]string{"mode": "ON_DEMAND", "retentionHours": "24"},
				Created:  func(m map[string]string) { created = append(created, m) },
			}
			_, err := NewStream(f).Ensure(context.Background(), req)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Ensure: %v, want error %t", err, tc.wantErr)
			}
			want := []string{
				fmt.Sprintf("CreateStream demo-stream tags=%v", tags),
				"DescribeStream demo-stream",
				"DescribeStreamSummary demo-stream",
				fmt.Sprintf("AddTagsToStream demo-stream %v", tags),
			}
			if d := cmp.Diff(want, f.calls); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]map[string]string{{"name": "demo-stream"}}, created); d != "" {
				t.Errorf("reported created (-want +got):\n%s", d)
			}
			if f.seen != 1 {
				t.Errorf("the stream was tagged before it was recorded")
			}
		})
	}
}

// unreadableTags lists two streams named for the project and one that is
// not, and fails every tag read with err.
type unreadableTags struct {
	StreamAPI
	err error
}

func (unreadableTags) ListStreams(context.Context, *kinesis.ListStreamsInput, ...func(*kinesis.Options)) (*kinesis.ListStreamsOutput, error) {
	return &kinesis.ListStreamsOutput{StreamNames: []string{"demo-stream", "demo-old-stream", "other-stream"}, HasMoreStreams: aws.Bool(false)}, nil
}

func (f unreadableTags) ListTagsForStream(context.Context, *kinesis.ListTagsForStreamInput, ...func(*kinesis.Options)) (*kinesis.ListTagsForStreamOutput, error) {
	return nil, f.err
}

// Where a stream's tags cannot be read (kumo; a read that keeps failing),
// the project's name rule decides: the plan's stream is the project's; a
// stream that merely starts with "<project>-" is not (it may be project
// "<project>-old"'s), nor is one that is gone.
func TestStreamOwnerFallsBackToNameRule(t *testing.T) {
	p := &plan.Plan{Project: "demo", Resources: []*plan.Resource{{ID: plan.IDStream, Kind: plan.KindStream, Name: "demo-stream"}}}
	for _, tc := range []struct {
		err  error
		want []string // the streams owned by demo
	}{
		{&smithy.GenericAPIError{Code: "InvalidAction"}, []string{"demo-stream"}},
		{&smithy.GenericAPIError{Code: "InternalFailure"}, []string{"demo-stream"}},
		{&kintypes.ResourceNotFoundException{Message: aws.String("gone")}, nil},
	} {
		got, err := NewStream(unreadableTags{err: tc.err}).List(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		var owned []string
		for _, l := range got {
			if tags, err := l.Tags(context.Background()); err == nil && service.OwnedBy(tags, "demo") {
				owned = append(owned, l.Name)
			}
		}
		if d := cmp.Diff(tc.want, owned); d != "" {
			t.Errorf("tag read failing with %v: owned (-want +got):\n%s", tc.err, d)
		}
	}
}
