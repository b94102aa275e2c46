package s3

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// fakeNotifications serves a stored notification configuration, or err;
// puts fail with the errors in fail, in turn, then store the
// configuration. The embedded interface panics on any other call.
type fakeNotifications struct {
	BucketNotificationAPI
	cfg  *s3.GetBucketNotificationConfigurationOutput
	err  error
	fail []error
	puts int
	put  *s3types.NotificationConfiguration
}

func (f *fakeNotifications) GetBucketNotificationConfiguration(context.Context, *s3.GetBucketNotificationConfigurationInput, ...func(*s3.Options)) (*s3.GetBucketNotificationConfigurationOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return f.cfg, nil
}

func (f *fakeNotifications) PutBucketNotificationConfiguration(_ context.Context, in *s3.PutBucketNotificationConfigurationInput, _ ...func(*s3.Options)) (*s3.PutBucketNotificationConfigurationOutput, error) {
	f.puts++
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		return nil, err
	}
	f.put = in.NotificationConfiguration
	return &s3.PutBucketNotificationConfigurationOutput{}, nil
}

// Exists finds the route's notification, whatever its destination, by its
// id: another notification on the bucket is not it, and a missing bucket
// means it is gone.
func TestBucketNotificationExists(t *testing.T) {
	accessDenied := &smithy.GenericAPIError{Code: "AccessDenied"}
	for _, tc := range []struct {
		name    string
		cfg     s3.GetBucketNotificationConfigurationOutput
		err     error
		want    bool
		wantErr error
	}{
		{name: "queue", cfg: s3.GetBucketNotificationConfigurationOutput{QueueConfigurations: []s3types.QueueConfiguration{{Id: aws.String("wireup-s3-to-sqs")}}}, want: true},
		{name: "topic", cfg: s3.GetBucketNotificationConfigurationOutput{TopicConfigurations: []s3types.TopicConfiguration{{Id: aws.String("other")}, {Id: aws.String("wireup-s3-to-sqs")}}}, want: true},
		{name: "lambda", cfg: s3.GetBucketNotificationConfigurationOutput{LambdaFunctionConfigurations: []s3types.LambdaFunctionConfiguration{{Id: aws.String("wireup-s3-to-sqs")}}}, want: true},
		{name: "another", cfg: s3.GetBucketNotificationConfigurationOutput{QueueConfigurations: []s3types.QueueConfiguration{{Id: aws.String("wireup-s3-to-sns")}}}},
		{name: "none"},
		{name: "no bucket", err: &smithy.GenericAPIError{Code: "NoSuchBucket"}},
		{name: "denied", err: accessDenied, wantErr: accessDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := NewBucketNotification(&fakeNotifications{cfg: &tc.cfg, err: tc.err})
			got, err := n.Exists(context.Background(), service.Env{}, &service.Record{Kind: string(plan.KindBucketNotification), Name: "demo-bucket", Integration: "s3-to-sqs"})
			if got != tc.want || !errors.Is(err, tc.wantErr) {
				t.Errorf("Exists = %v, %v, want %v, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// S3 refuses a configuration whose destination policy it cannot validate
// yet; Ensure retries that, and only that, through the engine's Retry.
func TestBucketNotificationRetriesValidation(t *testing.T) {
	unvalidated := &smithy.GenericAPIError{Code: "InvalidArgument", Message: "Unable to validate the following destination configurations"}
	retry := func(_ context.Context, transient func(error) bool, fn func() error) error {
		for {
			if err := fn(); err == nil || !transient(err) {
				return err
			}
		}
	}
	req := &service.Request{Env: service.Env{Retry: retry},
		Resource: &plan.Resource{ID: plan.IDBucketNotification, Kind: plan.KindBucketNotification, Name: "demo-bucket", Integration: "s3-to-sqs"},
		Inputs: map[string]string{"bucket": "demo-bucket", "target": "queue", "targetArn": "arn:aws:sqs:us-east-1:123456789012:demo-queue",
			"events": "s3:ObjectCreated:*", "filterSuffix": ".json"}}

	f := &fakeNotifications{fail: []error{unvalidated, unvalidated}}
	out, err := NewBucketNotification(f).Ensure(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"bucket": "demo-bucket", "id": "wireup-s3-to-sqs"}, out); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	want := &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{
		Id: aws.String("wireup-s3-to-sqs"), QueueArn: aws.String("arn:aws:sqs:us-east-1:123456789012:demo-queue"),
		Events: []s3types.Event{"s3:ObjectCreated:*"},
		Filter: &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{{Name: s3types.FilterRuleNameSuffix, Value: aws.String(".json")}}}},
	}}}
	if d := cmp.Diff(want, f.put, cmpopts.IgnoreUnexported(s3types.NotificationConfiguration{}, s3types.QueueConfiguration{},
		s3types.NotificationConfigurationFilter{}, s3types.S3KeyFilter{}, s3types.FilterRule{})); d != "" {
		t.Errorf("configuration (-want +got):\n%s", d)
	}
	if f.puts != 3 {
		t.Errorf("%d puts, want 3", f.puts)
	}

	denied := &smithy.GenericAPIError{Code: "AccessDenied"}
	f = &fakeNotifications{fail: []error{denied}}
	if _, err := NewBucketNotification(f).Ensure(context.Background(), req); !errors.Is(err, denied) || f.puts != 1 {
		t.Errorf("Ensure with a lasting error = %v after %d puts, want it after one", err, f.puts)
	}
}
